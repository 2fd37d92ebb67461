import type { RequestScope } from './request-scope.js';
import { collectInSlices } from './time-slices.js';

/** Items sorted at once before merging: quick enough to fit well inside a time slice. */
const runLength = 256;
/** Merge steps between two chances to end the slice. */
const stepsPerYield = 64;

/**
 * A stable sort (the same order as Array.prototype.sort) that yields to other connections:
 * sorting a million documents at once would hold the engine's one thread for seconds. Short
 * runs are sorted in one go, then merged pairwise, the work cut into steps of time slices.
 */
export async function sortInSlices<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  scope: RequestScope,
): Promise<T[]> {
  if (items.length <= runLength) return [...items].sort(compare);
  const result = { sorted: [] as T[] };
  await collectInSlices(
    mergeSortSteps(items, compare, result, () => scope.deadline.check()),
    scope,
  );
  return result.sorted;
}

/** Yields `undefined` between steps (work done, nothing to collect); the answer is left in `result`. */
function* mergeSortSteps<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  result: { sorted: T[] },
  checkDeadline: () => void,
): Generator<undefined> {
  let current = [...items];
  for (let start = 0; start < current.length; start += runLength) {
    const run = current.slice(start, start + runLength).sort(compare);
    for (let i = 0; i < run.length; i++) current[start + i] = run[i] as T;
    checkDeadline();
    yield undefined;
  }
  for (let width = runLength; width < current.length; width *= 2) {
    const next = new Array<T>(current.length);
    let steps = 0;
    for (let low = 0; low < current.length; low += 2 * width) {
      const middle = Math.min(low + width, current.length);
      const high = Math.min(low + 2 * width, current.length);
      let left = low;
      let right = middle;
      for (let out = low; out < high; out++) {
        // Equal items keep their order: the left run's comes first.
        const takeLeft = right >= high || (left < middle && compare(current[left] as T, current[right] as T) <= 0);
        next[out] = (takeLeft ? current[left++] : current[right++]) as T;
        if (++steps % stepsPerYield !== 0) continue;
        checkDeadline();
        yield undefined;
      }
    }
    current = next;
  }
  result.sorted = current;
}
