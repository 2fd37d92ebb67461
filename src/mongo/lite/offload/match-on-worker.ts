import type { Document } from 'bson';
import type { RequestScope } from '../engine/request-scope.js';
import { RawDocument } from '../wire/raw-document.js';
import { packDocument, packFilterJob, packInSlices } from './packed-documents.js';
import { runRequestJob } from './run-request-job.js';

/**
 * The candidates (in order) whose query view matches `filter`, tested on a worker thread; at
 * most `limit` of them. A filter that does not compile is refused from there, with or without
 * candidates, as on the main thread. A RawDocument filter (wire/raw-document.ts) is decoded
 * only there.
 */
export async function matchOnWorker<T extends { readonly view: Document }>(
  candidates: readonly T[],
  filter: Document | RawDocument,
  scope: RequestScope,
  limit: number,
): Promise<T[]> {
  const pipeline =
    filter instanceof RawDocument
      ? packFilterJob(filter.bytes, Number.isFinite(limit) ? limit : -1)
      : packDocument({ filter, limit: Number.isFinite(limit) ? limit : -1 });
  const input = await packInSlices(
    candidates.map((candidate) => candidate.view),
    scope,
  );
  const { origins } = await runRequestJob(pipeline, input, scope);
  return Array.from(origins, (index) => candidates[index] as T);
}
