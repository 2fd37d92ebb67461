import { Chalk } from 'chalk';
import { toPrintable } from './to-printable.js';

export type CellColor = 'green' | 'yellow' | 'red';

export interface TableColumn {
  /** Printed in the header row, as is (upper case by convention: `STATUS`). */
  readonly header: string;
  /** The colour of a cell, chosen from its text (a status); none for plain cells. */
  readonly color?: (text: string) => CellColor | undefined;
}

export interface FormatTableOptions {
  /** Colours on a terminal only, and never with NO_COLOR or --no-color (see isColorEnabled). */
  readonly color: boolean;
}

/**
 * A listing as a table: a header row, then one line per row, columns two spaces apart. Cells
 * quote the network and MongoDB (ids, errors), so they are made printable before their width
 * is measured; colours are added after padding, so they never count as width. The last column
 * is not padded: a long error or reason does not push trailing spaces onto every line.
 */
export function formatTable(
  allColumns: readonly TableColumn[],
  rows: ReadonlyArray<readonly string[]>,
  options: FormatTableOptions,
): string {
  // A last column empty in every row (no ERROR to show) is left out, header included: it would only widen the table.
  const lastEmpty = rows.length > 0 && rows.every((row) => (row[allColumns.length - 1] ?? '') === '');
  const columns = lastEmpty ? allColumns.slice(0, -1) : allColumns;
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const printable = rows.map((row) => columns.map((_, index) => toPrintable(row[index] ?? '')));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...printable.map((row) => row[index]!.length)),
  );
  const line = (cells: readonly string[], paint: (text: string, index: number) => string) =>
    cells
      .map(
        (cell, index) =>
          paint(cell, index) + (index === cells.length - 1 ? '' : ' '.repeat(widths[index]! - cell.length)),
      )
      .join('  ')
      .trimEnd();
  const header = line(
    columns.map((column) => column.header),
    (text) => chalk.bold(text),
  );
  const body = printable.map((row) =>
    line(row, (text, index) => {
      const color = columns[index]!.color?.(row[index]!);
      return color === undefined ? text : chalk[color](text);
    }),
  );
  return `${[header, ...body].join('\n')}\n`;
}

/** The lab's statuses by what they mean: done, still going, failed. */
export function statusColor(status: string): CellColor | undefined {
  if (['processed', 'delivered', 'ok'].includes(status)) return 'green';
  if (['received', 'pending', 'retrying'].includes(status)) return 'yellow';
  if (['failed', 'dead'].includes(status)) return 'red';
  return undefined;
}
