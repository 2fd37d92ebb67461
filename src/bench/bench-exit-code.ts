import { ExitCode } from '../errors.js';
import type { BenchReport } from './bench-report.js';

/**
 * A failed check (an event lost or seen twice) is a bug on any machine: exit 1. A missed
 * performance goal depends on the machine and its load, so it is printed (✗) and exits 0 —
 * unless `strict`, for a CI job on a quiet machine that wants a slowdown to fail the build, as
 * k6 fails a run whose thresholds are crossed.
 */
export function toBenchExitCode(report: BenchReport, options: { readonly strict: boolean }): number {
  if (report.checks.some((check) => !check.passed)) return ExitCode.scenarioFailed;
  if (options.strict && report.comparisons.some((comparison) => !comparison.met)) return ExitCode.scenarioFailed;
  return ExitCode.ok;
}
