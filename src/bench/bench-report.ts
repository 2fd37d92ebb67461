import type { BenchComparison } from './bench-comparison.js';

/** A correctness check of a benchmark run (nothing lost, nothing twice): unlike a goal, it holds on any machine. */
export interface BenchCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** What every benchmark returns, and the part of its `--json` that all of them share. */
export interface BenchReport {
  readonly comparisons: readonly BenchComparison[];
  readonly checks: readonly BenchCheck[];
}
