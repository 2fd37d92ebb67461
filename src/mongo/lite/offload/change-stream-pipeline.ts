import type { Document } from 'bson';
import { toDocumentView } from '../bson/to-query-view.js';
import type { CompiledFilter } from '../engine/compile-filter.js';
import { OffloadNeeded, withMainThreadBudget } from '../engine/regex/main-thread-budget.js';
import type { RequestScope } from '../engine/request-scope.js';
import { collectInSlices } from '../engine/time-slices.js';
import { runPipeline } from '../commands/run-pipeline.js';

/**
 * A change stream's own pipeline over one batch of event documents. Only `$match` stages whose
 * filters are light (heavy-filter.ts), given compiled as `filters`, are tested here, in time
 * slices and with each match's cost bounded (main-thread-budget.ts); anything else (an
 * expression in `$project`, `$expr`, a match too costly here) runs on a worker thread, where
 * the stream's maxTimeMS stops it: every event would otherwise hold every other client.
 */
export async function applyStreamPipeline(
  events: readonly Document[],
  pipeline: readonly Document[],
  filters: readonly CompiledFilter[] | undefined,
  scope: RequestScope,
): Promise<Document[]> {
  if (pipeline.length === 0 || events.length === 0) return [...events];
  if (filters !== undefined) {
    try {
      const passed = function* () {
        for (const event of events) {
          const view = toDocumentView(event);
          yield withMainThreadBudget(() => filters.every((filter) => filter.test(view))) ? event : undefined;
        }
      };
      return await collectInSlices(passed(), scope);
    } catch (error) {
      if (!(error instanceof OffloadNeeded)) throw error;
    }
  }
  const stored = events.map((doc) => ({ doc, view: toDocumentView(doc) }));
  return runPipeline(stored, pipeline, () => [], scope);
}
