import type { Document } from 'bson';
import type { CompiledProjection } from '../engine/project-document.js';
import { OffloadNeeded, withMainThreadBudget } from '../engine/regex/main-thread-budget.js';
import type { RequestScope } from '../engine/request-scope.js';
import { collectInSlices } from '../engine/time-slices.js';
import { isHeavyFilter } from './heavy-filter.js';
import { packDocument, packInSlices } from './packed-documents.js';
import { runRequestJob } from './run-request-job.js';

/**
 * A find's (or findAndModify's) projection of its documents, in time slices. Its `$elemMatch`
 * filters are user expressions: when one is heavy (heavy-filter.ts), or meets a match too costly
 * for this thread (main-thread-budget.ts), which element each filter picks is decided on a
 * worker thread, where maxTimeMS stops it, and only the shaping is done here.
 */
export async function projectDocuments(
  projection: CompiledProjection,
  stored: ReadonlyArray<{ readonly doc: Document; readonly view: Document }>,
  scope: RequestScope,
): Promise<Document[]> {
  if (!projection.elemMatches.some((rule) => isHeavyFilter(rule.filter))) {
    try {
      const shaped = function* () {
        for (const entry of stored) {
          scope.deadline.check();
          yield withMainThreadBudget(() => projection.apply(entry.doc));
        }
      };
      return await collectInSlices(shaped(), scope);
    } catch (error) {
      if (!(error instanceof OffloadNeeded)) throw error;
    }
  }
  const matched = await elementsMatchedOnWorker(projection, stored, scope);
  const rules = projection.elemMatches.length;
  const shaped = function* () {
    for (const [at, entry] of stored.entries())
      yield projection.apply(entry.doc, matched.subarray(at * rules, (at + 1) * rules));
  };
  return collectInSlices(shaped(), scope);
}

/** For each document, then each `$elemMatch` rule: the index of the element it picks, or -1. */
async function elementsMatchedOnWorker(
  projection: CompiledProjection,
  stored: ReadonlyArray<{ readonly view: Document }>,
  scope: RequestScope,
): Promise<Int32Array> {
  const pipeline = packDocument({ elemMatch: projection.elemMatches.map(({ path, filter }) => ({ path, filter })) });
  const input = await packInSlices(
    stored.map((entry) => entry.view),
    scope,
  );
  return (await runRequestJob(pipeline, input, scope)).origins;
}
