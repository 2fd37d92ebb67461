import type { Document } from 'bson';
import { compileFilter } from './compile-filter.js';
import { Deadline } from './deadline.js';
import { equalityValues, planIndexLookup } from './plan-index-lookup.js';
import type { LiteCollection, StoredDocument } from './lite-collection.js';
import { isHeavyFilter } from '../offload/heavy-filter.js';
import { matchOnWorker } from '../offload/match-on-worker.js';
import { OffloadNeeded, withMainThreadBudget } from './regex/main-thread-budget.js';
import type { RequestScope } from './request-scope.js';
import { collectInSlices } from './time-slices.js';

/** Counts documents examined, reported as mongod's `metrics.queryExecutor.scannedObjects`. */
export interface ScanCounter {
  scannedObjects: number;
}

/**
 * The documents of a collection that match a filter, in natural order. Equality on `_id` or on
 * the leading fields of an index reads only their entries (plan-index-lookup.ts); anything else scans.
 * Synchronous, for writes, which must not interleave with other commands. `budgeted`: a match
 * too costly for this thread throws OffloadNeeded (main-thread-budget.ts) instead of running.
 */
export function selectDocuments(
  collection: LiteCollection | undefined,
  filter: Document | undefined,
  counter: ScanCounter,
  limit = Infinity,
  deadline = Deadline.none,
  budgeted = true,
): StoredDocument[] {
  const out: StoredDocument[] = [];
  for (const stored of scanDocuments(collection, filter, counter, deadline, budgeted)) {
    if (stored !== undefined && out.push(stored) >= limit) break;
  }
  return out;
}

/**
 * The same selection for reads, yielding to other connections during a long scan. A filter
 * whose test of one document can take long (see heavy-filter.ts), or one that meets a string
 * too long for a costly match here (main-thread-budget.ts), is tested on a worker thread.
 */
export async function selectDocumentsInSlices(
  collection: LiteCollection | undefined,
  filter: Document | undefined,
  counter: ScanCounter,
  scope: RequestScope,
  limit = Infinity,
): Promise<StoredDocument[]> {
  if (filter === undefined || !isHeavyFilter(filter)) {
    const scanned = counter.scannedObjects;
    try {
      return await collectInSlices(scanDocuments(collection, filter, counter, scope.deadline, true), scope, limit);
    } catch (error) {
      if (!(error instanceof OffloadNeeded)) throw error;
      // Examined again on the worker: counted once.
      counter.scannedObjects = scanned;
    }
  }
  return selectOnWorker(collection, filter ?? {}, counter, scope, limit);
}

/** Every candidate tested on a worker thread, where maxTimeMS can stop even one long match. */
export async function selectOnWorker(
  collection: LiteCollection | undefined,
  filter: Document,
  counter: ScanCounter,
  scope: RequestScope,
  limit = Infinity,
): Promise<StoredDocument[]> {
  const candidates = collection === undefined ? [] : candidatesFor(collection, filter);
  const counted = (function* () {
    for (const stored of candidates) {
      counter.scannedObjects++;
      scope.deadline.check();
      yield stored;
    }
  })();
  return matchOnWorker(await collectInSlices(counted, scope), filter, scope, limit);
}

/** Every candidate examined: the match, or `undefined` for one that did not match. */
function scanDocuments(
  collection: LiteCollection | undefined,
  filter: Document | undefined,
  counter: ScanCounter,
  deadline: Deadline,
  budgeted: boolean,
): IterableIterator<StoredDocument | undefined> {
  // Compiled first: a bad filter is an error even on a collection that does not exist. The usual
  // write's filter, one `_id` value, needs no test: the `_id` map's key equality is its match.
  const compiled = isSoleIdEquality(filter) ? matchEvery : compileFilter(filter);
  if (collection === undefined) return [][Symbol.iterator]();
  return (function* () {
    for (const stored of candidatesFor(collection, filter ?? {})) {
      counter.scannedObjects++;
      deadline.check();
      if (compiled.matchesAll) yield stored;
      else if (budgeted) yield withMainThreadBudget(() => compiled.test(stored.view)) ? stored : undefined;
      else yield compiled.test(stored.view) ? stored : undefined;
    }
  })();
}

const matchEvery = { matchesAll: true, test: () => true };

/** `{ _id: v }` or `{ _id: { $eq: v } }` with a scalar `v`: looked up in the `_id` map, and nothing else to test. */
function isSoleIdEquality(filter: Document | undefined): boolean {
  if (filter === undefined) return false;
  let keys = 0;
  for (const key in filter) if (++keys > 1 || key !== '_id') return false;
  return keys === 1 && equalityValues(filter['_id'])?.length === 1;
}

function candidatesFor(collection: LiteCollection, filter: Document): Iterable<StoredDocument> {
  const idValues = '_id' in filter ? equalityValues(filter['_id']) : undefined;
  // Looked up as the scan goes: an `_id` `$in` of 800,000 values is read in time slices too.
  if (idValues !== undefined) return byIds(collection, idValues);
  const ids = planIndexLookup(collection, filter);
  return ids === undefined ? collection.all() : byIdKeys(collection, ids);
}

function* byIds(collection: LiteCollection, ids: readonly unknown[]): Generator<StoredDocument> {
  for (const id of ids) {
    const stored = collection.getById(id);
    if (stored !== undefined) yield stored;
  }
}

/** Index matches come in index order, as from mongod's index scan, not in natural order. */
function byIdKeys(collection: LiteCollection, ids: ReadonlySet<string>): StoredDocument[] {
  const found: StoredDocument[] = [];
  for (const id of ids) {
    const stored = collection.getByKey(id);
    if (stored !== undefined) found.push(stored);
  }
  return found;
}
