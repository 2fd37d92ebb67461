import type { LiteCollection, StoredDocument } from '../engine/lite-collection.js';
import type { RequestScope } from '../engine/request-scope.js';
import type { ScanCounter } from '../engine/select-documents.js';
import { collectInSlices } from '../engine/time-slices.js';
import type { RawDocument } from '../wire/raw-document.js';
import { matchOnWorker } from './match-on-worker.js';

/**
 * The documents a find's filter, kept as the client's bytes (wire/decode-command.ts), matches:
 * every document is a candidate, since this thread never reads the filter to choose an index;
 * the worker thread decodes it, refuses it if it is not a valid filter, and tests each one.
 */
export async function selectWithRawFilter(
  collection: LiteCollection | undefined,
  filter: RawDocument,
  counter: ScanCounter,
  scope: RequestScope,
  limit: number,
): Promise<StoredDocument[]> {
  const all = (function* () {
    for (const stored of collection?.all() ?? []) {
      counter.scannedObjects++;
      scope.deadline.check();
      yield stored;
    }
  })();
  return matchOnWorker(await collectInSlices(all, scope), filter, scope, limit);
}
