import { setTimeout as sleep } from 'node:timers/promises';
import { readTreeRssBytes } from './read-tree-rss.js';

const sampleEveryMs = 250;
/** A lab just ready still runs its one-shot and warms up: no figure before this. */
const minimumWaitMs = 2000;
const maximumWaitMs = 20_000;
/** Settled: the last `window` samples lie within this share of each other. */
const window = 5;
const tolerance = 0.02;

/**
 * The idle memory of a lab that has just become ready: its processes' RSS summed, sampled until
 * it stops moving (the one-shot exited, start-up garbage collected), at most 20 s after ready.
 * The last sample is the figure.
 */
export async function waitForIdleRssBytes(roots: readonly number[], signal: AbortSignal): Promise<number> {
  const since = Date.now();
  const samples: number[] = [];
  for (;;) {
    signal.throwIfAborted();
    samples.push(readTreeRssBytes(roots));
    const recent = samples.slice(-window);
    const settled =
      recent.length === window && Math.max(...recent) - Math.min(...recent) <= tolerance * Math.max(...recent);
    const waited = Date.now() - since;
    if ((settled && waited >= minimumWaitMs) || waited >= maximumWaitMs) return samples.at(-1)!;
    await sleep(sampleEveryMs, undefined, { signal });
  }
}
