import { inScope, type RequestScope } from './request-scope.js';

/**
 * How long a read runs before the event loop gets a turn: the engine has one thread, so a long
 * scan or pipeline yields every slice and a `ping` from another connection is answered in the
 * meantime, as mongod's yielding plan executors let other operations in.
 */
const sliceMs = 10;

/** Reads the clock every 4th call: cheap enough to ask once per document. */
class TimeSlicer {
  private startedAt = performance.now();
  private calls = 0;

  isUsedUp(): boolean {
    return (++this.calls & 3) === 0 && this.isOver();
  }

  isOver(): boolean {
    return performance.now() - this.startedAt >= sliceMs;
  }

  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.startedAt = performance.now();
  }
}

/**
 * Pulls `source` to its end (or to `limit` items) in time slices, each run under the command's
 * scope, yielding to the event loop in between. An `undefined` item is work done that produced
 * nothing (a document that did not match): it lets a slice end in the middle of a long search.
 */
export async function collectInSlices<T>(
  source: Iterator<T | undefined>,
  scope: RequestScope,
  limit = Infinity,
): Promise<T[]> {
  const out: T[] = [];
  const slicer = new TimeSlicer();
  let done = false;
  const runSlice = (): void => {
    for (;;) {
      const step = source.next();
      if (step.done === true) return void (done = true);
      if (step.value !== undefined && out.push(step.value) >= limit) return void (done = true);
      if (slicer.isUsedUp()) return;
    }
  };
  for (;;) {
    inScope(scope, runSlice);
    if (done) return out;
    await slicer.pause();
  }
}

type Step<T> = { value: T; done: false } | { value: undefined; done: true };

/**
 * Streams `input` through a lazy pipeline built once by `open`, feeding it a window of inputs
 * at a time: windows start at one input, grow while they are quick and shrink back when each
 * input is slow (a `$lookup` per document), so a slice stays near its length whatever the work.
 * `open` gets a source that reports the end of each window as done and continues with the next
 * one, which the per-document stages of mingo resume from. Stops early once `enough` says so.
 */
export async function streamInWindows<T, R>(
  input: readonly T[],
  scope: RequestScope,
  open: (source: () => Step<T>) => { next(): Step<R> | IteratorResult<R> },
  enough: (outputs: number) => boolean,
): Promise<R[]> {
  let index = 0;
  let windowEnd = 0;
  const output = inScope(scope, () =>
    open(() => (index < windowEnd ? { value: input[index++] as T, done: false } : { value: undefined, done: true })),
  );
  const out: R[] = [];
  const slicer = new TimeSlicer();
  let size = 1;
  while (index < input.length && !enough(out.length)) {
    windowEnd = Math.min(input.length, index + size);
    const before = performance.now();
    inScope(scope, () => {
      for (let step = output.next(); step.done !== true; step = output.next()) out.push(step.value as R);
    });
    const took = performance.now() - before;
    size = took > sliceMs ? Math.max(1, size >> 1) : took < sliceMs / 4 ? Math.min(4096, size * 2) : size;
    if (slicer.isOver() && index < input.length) await slicer.pause();
  }
  return out;
}
