import type { Document } from 'bson';
import type { LiteCollection, StoredDocument } from '../engine/lite-collection.js';
import { inScope, type RequestScope } from '../engine/request-scope.js';
import { OffloadNeeded } from '../engine/regex/main-thread-budget.js';
import { selectDocuments, selectOnWorker, type ScanCounter } from '../engine/select-documents.js';
import { isHeavyFilter } from './heavy-filter.js';
import { matchOnWorker } from './match-on-worker.js';

/** The collection a write targets as it is now (it may be created or dropped while a worker matches). */
export type CollectionLookup = () => LiteCollection | undefined;

export interface WriteSelection {
  readonly collection: LiteCollection | undefined;
  /** In natural (or index) order, each the stored version current when the selection returned. */
  readonly matches: StoredDocument[];
}

/**
 * Re-selections tolerated while other connections keep changing the selected documents; past
 * them the last one is made on this thread in one go, which nothing can interleave with.
 */
const maxRounds = 4;

/**
 * The documents an update, delete or findAndModify applies to. A heavy filter (heavy-filter.ts)
 * is matched on a worker thread so that other connections are served meanwhile; they may change
 * the selected documents in that time, so each one is checked to still be the stored version
 * the worker tested, and a changed one is tested again (on the worker) as it is now, as mongod
 * re-checks a document that changed while its write yielded. A write of one document re-selects
 * instead: another document may now come first. Returns synchronously selected documents for
 * a light filter, as before, unless a match in it is too costly for this thread
 * (main-thread-budget.ts): then it selects on the worker too.
 */
export async function selectForWrite(
  lookup: CollectionLookup,
  filter: Document,
  counter: ScanCounter,
  scope: RequestScope,
  limit: number,
): Promise<WriteSelection> {
  if (!isHeavyFilter(filter)) {
    const collection = lookup();
    const scanned = counter.scannedObjects;
    try {
      return inScope(scope, () => ({
        collection,
        matches: selectDocuments(collection, filter, counter, limit, scope.deadline),
      }));
    } catch (error) {
      if (!(error instanceof OffloadNeeded)) throw error;
      counter.scannedObjects = scanned;
    }
  }
  for (let round = 0; round < maxRounds; round++) {
    const collection = lookup();
    let matches = await selectOnWorker(collection, filter, counter, scope, limit);
    for (; round < maxRounds; round++) {
      if (lookup() !== collection) break;
      const stale = matches.filter((stored) => collection!.getById(stored.doc['_id']) !== stored);
      if (stale.length === 0) return { collection, matches };
      if (limit !== Infinity) break;
      matches = await retest(collection!, matches, stale, filter, scope);
    }
  }
  // The last resort, which nothing can interleave with, whatever it costs.
  const collection = lookup();
  return inScope(scope, () => ({
    collection,
    matches: selectDocuments(collection, filter, counter, limit, scope.deadline, false),
  }));
}

/** `matches` with each stale one replaced by its current version if that still matches, else left out. */
async function retest(
  collection: LiteCollection,
  matches: readonly StoredDocument[],
  stale: readonly StoredDocument[],
  filter: Document,
  scope: RequestScope,
): Promise<StoredDocument[]> {
  const current = new Map<StoredDocument, StoredDocument | undefined>(
    stale.map((stored) => [stored, collection.getById(stored.doc['_id'])]),
  );
  const present = [...current.values()].filter((stored) => stored !== undefined);
  const stillMatching = new Set(await matchOnWorker(present, filter, scope, Infinity));
  return matches.flatMap((stored) => {
    if (!current.has(stored)) return [stored];
    const now = current.get(stored);
    return now !== undefined && stillMatching.has(now) ? [now] : [];
  });
}
