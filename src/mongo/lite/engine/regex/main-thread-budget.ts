import type { RE2JS } from 're2js';

/**
 * What one regular-expression match may cost on the thread that answers every connection, in
 * compiled instructions × characters. RE2 is linear, but in both, and one match cannot be
 * interrupted: measured with re2js, a unit cost 0.2 µs on a quiet machine and 0.65 µs at load 24
 * (`(?i)AB.*C` over 4 MB took 5.2 s, `[^c]{0,99}[cC]` over 20 KB 0.7 s, and
 * `(?:[^c]{0,30}){0,30}[cC]` over 20 KB 7.6 s). 50,000 units is 10–35 ms: a `/^abc/i` over a string
 * of a few kilobytes stays here, where a worker's round trip would cost more than the match.
 */
const budgetUnits = 50_000;

/**
 * Thrown on the shared thread before a match that could cost more than the budget: the caller
 * that armed the budget (withMainThreadBudget) does the work again on a worker thread, where
 * maxTimeMS can stop it.
 */
export class OffloadNeeded extends Error {
  constructor() {
    super('this evaluation is too costly for the shared thread; it runs on a worker thread');
  }
}

/** Units left for the evaluation running now; Infinity when no caller can move it to a worker. */
let remaining = Infinity;

/**
 * Runs one evaluation (one document's filter test, one change event's match) with the budget
 * armed: every regular-expression match in it is charged before it runs, and OffloadNeeded is
 * thrown instead of a match that would exceed it. Only callers that can redo the work on a
 * worker arm it; elsewhere (and on worker threads) matches run unbounded, as before.
 */
export function withMainThreadBudget<T>(work: () => T): T {
  const previous = remaining;
  remaining = budgetUnits;
  try {
    return work();
  } finally {
    remaining = previous;
  }
}

/** Charges a match of `regex` over `input` to the armed budget, if any. */
export function chargeMatch(regex: RE2JS, input: string): void {
  if (remaining === Infinity) return;
  remaining -= regex.programSize() * Math.max(1, input.length);
  if (remaining < 0) throw new OffloadNeeded();
}
