import { createHistogram, performance } from 'node:perf_hooks';

/** What one measured workload did: throughput and latency percentiles. */
export interface MeasureResult {
  readonly name: string;
  readonly operations: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface MeasureLoopOptions {
  readonly name: string;
  readonly durationMs: number;
  /** Operations in flight at once (each awaits its own). */
  readonly concurrency?: number;
  /** Short unmeasured run first, so JIT and connection set-up do not count. */
  readonly warmupMs?: number;
}

/**
 * Runs an operation over and over for a fixed time and records each one's latency in an HDR
 * histogram (nanosecond resolution, from perf_hooks).
 */
export async function measureLoop(
  options: MeasureLoopOptions,
  operation: (index: number) => Promise<unknown>,
): Promise<MeasureResult> {
  const concurrency = options.concurrency ?? 1;
  let index = 0;
  const run = async (until: number, record: ((ns: number) => void) | undefined) => {
    const worker = async () => {
      while (performance.now() < until) {
        const started = process.hrtime.bigint();
        await operation(index++);
        record?.(Number(process.hrtime.bigint() - started));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await run(performance.now() + (options.warmupMs ?? Math.min(300, options.durationMs / 5)), undefined);
  const histogram = createHistogram();
  const started = performance.now();
  let operations = 0;
  await run(started + options.durationMs, (ns) => {
    histogram.record(Math.max(1, ns));
    operations++;
  });
  const elapsedMs = performance.now() - started;
  return {
    name: options.name,
    operations,
    opsPerSecond: operations / (elapsedMs / 1000),
    p50Ms: histogram.percentile(50) / 1e6,
    p99Ms: histogram.percentile(99) / 1e6,
    maxMs: histogram.max / 1e6,
  };
}
