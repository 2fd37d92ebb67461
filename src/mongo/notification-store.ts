import type { Db, ObjectId } from 'mongodb';
import type { NotificationUpdate, OrderUpdate } from '../lab-events.js';
import { isDuplicateKey } from './is-mongo-unavailable.js';
import { writeBatcherFor } from './write-batcher.js';

interface NotificationDocument extends NotificationUpdate {
  _id?: ObjectId;
  storedAt: Date;
}

/** The counter (`counters._id`) that orders notifications. */
export const notificationSequence = 'notifications';

/** `stored`, or `duplicate` when an update with its `eventId` and `status` was stored before. */
export type StoreNotificationResult = 'stored' | 'duplicate';

/**
 * Stores one positioned notification; concurrent ones are written together (group commit). A
 * redelivered update (same `eventId` and `status`, unique index) is a duplicate, not an error.
 */
export async function storeNotification(db: Db, update: NotificationUpdate): Promise<StoreNotificationResult> {
  const document: NotificationDocument = { ...update, storedAt: new Date() };
  try {
    await writeBatcherFor(db).insertOne('notifications', document);
    return 'stored';
  } catch (error) {
    if (isDuplicateKey(error)) return 'duplicate';
    throw error;
  }
}

function toUpdate({ orderId, status, source, eventId, at, seq }: NotificationDocument): NotificationUpdate {
  return { orderId, status, source, eventId, at, seq };
}

/** The latest notifications up to position `upTo`, newest first. */
export async function latestNotifications(
  db: Db,
  limit: number,
  upTo = Number.MAX_SAFE_INTEGER,
): Promise<NotificationUpdate[]> {
  const documents = await db
    .collection<NotificationDocument>('notifications')
    .find({ seq: { $exists: true, $lte: upTo } }, { sort: { seq: -1 }, limit })
    .toArray();
  return documents.map(toUpdate);
}

/** Notifications after position `after` up to `upTo`, oldest first, at most `limit`. */
export async function notificationsBetween(
  db: Db,
  after: number,
  upTo: number,
  limit: number,
): Promise<NotificationUpdate[]> {
  const documents = await db
    .collection<NotificationDocument>('notifications')
    .find({ seq: { $exists: true, $gt: after, $lte: upTo } }, { sort: { seq: 1 }, limit })
    .toArray();
  return documents.map(toUpdate);
}

/** The notifications stored at these positions (those never stored are left out), oldest first. */
export async function notificationsAt(db: Db, seqs: readonly number[]): Promise<NotificationUpdate[]> {
  const documents = await db
    .collection<NotificationDocument>('notifications')
    .find({ seq: { $in: [...seqs] } }, { sort: { seq: 1 } })
    .toArray();
  return documents.map(toUpdate);
}

/** The highest position stored, 0 when there is none. */
export async function highestNotificationSeq(db: Db): Promise<number> {
  const [latest] = await db
    .collection<NotificationDocument>('notifications')
    .find({ seq: { $exists: true } }, { sort: { seq: -1 }, limit: 1, projection: { seq: 1 } })
    .toArray();
  return latest?.seq ?? 0;
}

export type { OrderUpdate };
