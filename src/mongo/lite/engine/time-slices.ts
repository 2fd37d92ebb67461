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
