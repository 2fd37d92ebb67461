import type { Db } from 'mongodb';
import { eventOutbox } from './event-outbox-store.js';
import { isDuplicateKey } from './is-mongo-unavailable.js';
import type { OrderUpdate } from '../lab-events.js';
import type { OutboxDocument } from './lab-documents.js';
import type { OutboxPlace, PendingOutboxRead } from './outbox-place.js';
import { writeBatcherFor } from './write-batcher.js';

const outbox = (db: Db) => db.collection<OutboxDocument>('outbox');

/**
 * Records a change for the ws-server, durably, before the change is acknowledged to anyone (the
 * gRPC server; a webhook's change goes with its event's processed mark instead).
 * Keyed by the change's `eventId` (a unique index): a handling that runs again after a crash
 * writes nothing new, and the first entry (with its time and place in the order) stays. A plain
 * insert batched with concurrent writes: cheaper for the server than an upsert.
 */
export async function writeOutboxEntry(db: Db, update: OrderUpdate, now: Date): Promise<void> {
  try {
    await writeBatcherFor(db).insertOne('outbox', { key: update.eventId, update, status: 'pending', createdAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** Entries not yet acknowledged by the ws-server and written in (`after`, `before`), oldest first. */
export function readPendingOutbox(db: Db, options: PendingOutboxRead): Promise<OutboxDocument[]> {
  const createdAt = { $lt: options.before, ...(options.after === undefined ? {} : { $gt: options.after }) };
  return outbox(db)
    .find({ status: 'pending', createdAt }, { sort: { createdAt: 1, _id: 1 }, limit: options.limit })
    .toArray();
}

/** Marks entries delivered (the ws-server stored them), in one write. */
export async function markOutboxSent(db: Db, keys: readonly string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await outbox(db).updateMany(
    { key: { $in: [...keys] }, status: 'pending' },
    { $set: { status: 'sent', sentAt: now } },
  );
}

/**
 * Marks an entry the ws-server refused for good: done, so it is not sent forever, but not `sent`,
 * so nothing counts it as delivered. Rare (the receiver refuses such events up front): one write each.
 */
export async function markOutboxRefused(db: Db, key: string, reason: string, now: Date): Promise<void> {
  await outbox(db).updateOne(
    { key, status: 'pending' },
    { $set: { status: 'refused', refusedAt: now, refusedReason: reason } },
  );
}

/** The `outbox` collection as a place the relay reads and marks. */
export const outboxCollection: OutboxPlace = {
  name: 'outbox',
  readPending: readPendingOutbox,
  markSent: markOutboxSent,
  markRefused: markOutboxRefused,
  count: (db, status) => outbox(db).countDocuments({ status }),
};

/**
 * How many entries are in `status`, in the `outbox` collection and carried by webhook events
 * together: `pending` ones still wait for the ws-server, `refused` ones never will reach it.
 */
export async function countOutboxEntries(db: Db, status: OutboxDocument['status']): Promise<number> {
  const [inOutbox, inEvents] = await Promise.all([outboxCollection.count(db, status), eventOutbox.count(db, status)]);
  return inOutbox + inEvents;
}
