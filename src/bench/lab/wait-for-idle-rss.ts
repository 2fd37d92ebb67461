import { setTimeout as sleep } from 'node:timers/promises';
import { readTreeRss } from './read-tree-rss.js';

const sampleEveryMs = 250;
/** A lab just ready still runs its one-shot and warms up: no figure before this. */
const minimumWaitMs = 2000;
const maximumWaitMs = 30_000;
/** Settled: the last `window` samples lie within this share of each other. */
const window = 5;
const tolerance = 0.02;

/**
 * The idle memory of a lab that has just become ready: its processes' RSS summed, sampled until
 * only the roots are left (the one-shot grpc-client, a whole Node process while it runs, has
 * exited) and the sum stops moving; at most 30 s after ready. The last sample is the figure.
 */
export async function waitForIdleRssBytes(roots: readonly number[], signal: AbortSignal): Promise<number> {
  const since = Date.now();
  const samples: number[] = [];
  for (;;) {
    signal.throwIfAborted();
    const tree = readTreeRss(roots);
    // A sample taken while a child beyond the roots runs never counts as settled (NaN compares false).
    samples.push(tree.processes > roots.length ? Number.NaN : tree.bytes);
    const recent = samples.slice(-window);
    const settled =
      recent.length === window && Math.max(...recent) - Math.min(...recent) <= tolerance * Math.max(...recent);
    const waited = Date.now() - since;
    if ((settled && waited >= minimumWaitMs) || waited >= maximumWaitMs) return tree.bytes;
    await sleep(sampleEveryMs, undefined, { signal });
  }
}
