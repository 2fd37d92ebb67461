import { Chalk } from 'chalk';
import { toGoalText, type BenchComparison } from './bench-comparison.js';
import type { BenchReport } from './bench-report.js';

/**
 * The human form of a benchmark's report: a table of its goals with a header row (measured,
 * baseline, ratio, goal, met ✓/✗), then one line per correctness check.
 */
export function formatBenchReport(report: BenchReport, options: { readonly color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const paint = (ok: boolean, text: string) => (ok ? chalk.green(text) : chalk.red(text));
  const header = ['comparison', 'measured', 'baseline', 'ratio', 'goal', 'met'];
  const rows = report.comparisons.map((row: BenchComparison) => [
    row.name,
    toFigure(row.measured),
    toFigure(row.baseline),
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
    toGoalText(row.goal),
    mark(row.met),
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  const table = [
    chalk.bold(line(header)),
    ...rows.map((cells, index) => paint(report.comparisons[index]!.met, line(cells))),
  ];
  const checks = report.checks.map((check) =>
    paint(check.passed, `${mark(check.passed)} ${check.name}: ${check.detail}`),
  );
  return [...(rows.length > 0 ? table : []), ...(rows.length > 0 && checks.length > 0 ? [''] : []), ...checks].join(
    '\n',
  );
}

/** Events per second in whole numbers, milliseconds with the decimals that matter. */
function toFigure(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}
