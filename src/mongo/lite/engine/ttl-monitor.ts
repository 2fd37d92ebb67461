import type { Catalog } from './catalog.js';
import type { ChangeLog } from './change-log.js';
import type { CollectionIndex } from './collection-index.js';
import { collectPathValues } from './document-path.js';
import type { LiteCollection, StoredDocument } from './lite-collection.js';

/** mongod's default pause between two passes (the `ttlMonitorSleepSecs` parameter). */
export const defaultTtlMonitorSleepSecs = 60;

/**
 * mongod's TTL monitor: every `ttlMonitorSleepSecs` it deletes, in every collection with a TTL
 * index, the documents whose indexed date (the earliest one, for an array) plus the index's
 * `expireAfterSeconds` has passed. The deletes are ordinary ones: journalled, and seen by change
 * streams as `delete` events. A document whose field is missing or holds no date never expires;
 * compound indexes and capped collections are left alone, as mongod does.
 */
export class TtlMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private sleepMs: number;
  /** The `ttlMonitorEnabled` parameter: off, passes still come but delete nothing. */
  enabled = true;
  /** serverStatus `metrics.ttl`. */
  passes = 0;
  deletedDocuments = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly changes: ChangeLog,
    sleepSecs = defaultTtlMonitorSleepSecs,
    private readonly onFailure: (error: Error, namespace: string) => void = () => undefined,
  ) {
    this.sleepMs = sleepSecs * 1000;
  }

  get sleepSecs(): number {
    return this.sleepMs / 1000;
  }

  /** A new pause applies at once, not after the pass already waiting (as in mongod 7.0). */
  set sleepSecs(seconds: number) {
    this.sleepMs = seconds * 1000;
    if (this.running) this.schedule();
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** One pass over every TTL index; returns how many documents it deleted. */
  runPass(now = Date.now()): number {
    this.passes++;
    if (!this.enabled) return 0;
    let deleted = 0;
    for (const collection of this.catalog.collections()) {
      if (collection.options['capped'] === true) continue;
      for (const index of collection.secondaryIndexes()) {
        const expireAfterSeconds = ttlOf(index);
        if (expireAfterSeconds === undefined) continue;
        try {
          deleted += this.expire(collection, index, now - expireAfterSeconds * 1000);
        } catch (error) {
          // The journal refused the deletes (a full disk): they were undone; the next pass retries.
          this.onFailure(error as Error, collection.namespace);
        }
      }
    }
    this.deletedDocuments += deleted;
    return deleted;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.runPass();
      if (this.running) this.schedule();
    }, this.sleepMs);
    // An engine with nothing else to do may end: the monitor alone keeps no process alive.
    this.timer.unref();
  }

  /** Deletes the index's documents whose earliest date is at or before `threshold` (ms). */
  private expire(collection: LiteCollection, index: CollectionIndex, threshold: number): number {
    const field = index.fields[0]!;
    const expired: StoredDocument[] = [];
    for (const stored of collection.all()) {
      const earliest = earliestDate(collectPathValues(stored.doc, field));
      if (earliest === undefined || earliest > threshold) continue;
      // A partial index leaves some documents out: those do not expire through it.
      if (index.keysOf(stored.doc, stored.view).length === 0) continue;
      expired.push(stored);
    }
    // One synchronous slice: the deletes share one journal write, like a client's deleteMany.
    for (const stored of expired) {
      collection.remove(stored);
      this.changes.record({
        operationType: 'delete',
        db: collection.db,
        coll: collection.name,
        documentKey: { _id: stored.doc['_id'] },
      });
    }
    return expired.length;
  }
}

/** The index's expireAfterSeconds, when it is a TTL index mongod would act on (one field, not `_id`). */
function ttlOf(index: CollectionIndex): number | undefined {
  const seconds = index.spec.expireAfterSeconds;
  if (seconds === undefined || index.fields.length !== 1 || index.fields[0] === '_id') return undefined;
  return seconds;
}

/** The earliest date among a field's values (array elements included), in ms. */
function earliestDate(values: readonly unknown[]): number | undefined {
  let earliest: number | undefined;
  for (const value of values) {
    if (!(value instanceof Date)) continue;
    const time = value.getTime();
    if (Number.isNaN(time)) continue;
    if (earliest === undefined || time < earliest) earliest = time;
  }
  return earliest;
}
