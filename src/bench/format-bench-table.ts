import type { MeasureResult } from './measure-loop.js';

/** One row of a benchmark comparison: the system under test beside its baseline of the same run. */
export interface BenchComparison {
  readonly workload: string;
  readonly measured: MeasureResult;
  readonly baseline: MeasureResult;
  /** measured ops/s ÷ baseline ops/s. */
  readonly ratio: number;
}

export function compare(workload: string, measured: MeasureResult, baseline: MeasureResult): BenchComparison {
  return { workload, measured, baseline, ratio: measured.opsPerSecond / baseline.opsPerSecond };
}

/** A plain-text table: one line per workload, the baseline's figures beside. */
export function formatBenchTable(rows: readonly BenchComparison[], labels: { measured: string; baseline: string }): string {
  const header = ['workload', `${labels.measured} ops/s`, 'p50 ms', 'p99 ms', `${labels.baseline} ops/s`, 'p50 ms', 'p99 ms', 'ratio'];
  const body = rows.map((row) => [
    row.workload,
    row.measured.opsPerSecond.toFixed(0),
    row.measured.p50Ms.toFixed(3),
    row.measured.p99Ms.toFixed(3),
    row.baseline.opsPerSecond.toFixed(0),
    row.baseline.p50Ms.toFixed(3),
    row.baseline.p99Ms.toFixed(3),
    `${row.ratio.toFixed(2)}×`,
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}
