import type { Db } from 'mongodb';
import { isDuplicateKey } from './is-mongo-unavailable.js';
import type { DeliveryAttempt, WebhookDeliveryDocument } from './lab-documents.js';

const deliveries = (db: Db) => db.collection<WebhookDeliveryDocument>('webhook_deliveries');

/**
 * A delivery still `pending` past its `settleBy` has lost its sender (killed, or stopped for good):
 * nothing will write its outcome. Deliveries recorded before `settleBy` existed get the longest
 * a schedule can take (Retry-After is capped at an hour) from their last write.
 */
const unsettledLegacyAfterMs = 2 * 60 * 60_000;

export async function createDelivery(
  db: Db,
  delivery: Pick<WebhookDeliveryDocument, 'deliveryId' | 'eventId' | 'type' | 'url' | 'body'>,
  now: Date,
  settleBy: Date,
): Promise<void> {
  await deliveries(db)
    .insertOne({ ...delivery, status: 'pending', attempts: [], createdAt: now, updatedAt: now, settleBy })
    .catch((error: unknown) => {
      // Written by an earlier try whose reply was lost.
      if (!isDuplicateKey(error)) throw error;
    });
}

/** A failed attempt with another to come; it also takes back an `abandoned` mark set while MongoDB missed this sender's writes. */
export async function recordDeliveryAttempt(
  db: Db,
  deliveryId: string,
  attempt: DeliveryAttempt,
  settleBy: Date,
): Promise<void> {
  await deliveries(db).updateOne(
    { deliveryId },
    {
      $push: { attempts: attempt },
      $set: { status: 'pending', updatedAt: attempt.at, settleBy },
      $unset: { reason: '' },
    },
  );
}

/** How the delivery ended, with its last attempt in the same write (one round trip per delivered event). */
export async function finishDelivery(
  db: Db,
  deliveryId: string,
  last: DeliveryAttempt | undefined,
  outcome: { status: 'delivered' } | { status: 'dead'; reason: string },
  now: Date,
): Promise<void> {
  await deliveries(db).updateOne(
    { deliveryId },
    {
      ...(last === undefined ? {} : { $push: { attempts: last } }),
      $set: { ...outcome, updatedAt: now },
      $unset: outcome.status === 'delivered' ? { settleBy: '', reason: '' } : { settleBy: '' },
    },
  );
}

/**
 * Ends the deliveries whose sender is gone as dead letters that say so, so that no reader shows
 * one pending forever; `rtlab webhooks replay` delivers them again (the receiver deduplicates,
 * so one that did arrive is not handled twice). Returns how many it ended.
 */
export async function settleAbandonedDeliveries(db: Db, now: Date): Promise<number> {
  const reason =
    'abandoned: its sender stopped before recording how it ended (it may have arrived); replay it with rtlab webhooks replay';
  const result = await deliveries(db).updateMany(
    {
      status: 'pending',
      $or: [
        { settleBy: { $lt: now } },
        { settleBy: { $exists: false }, updatedAt: { $lt: new Date(now.getTime() - unsettledLegacyAfterMs) } },
      ],
    },
    { $set: { status: 'dead', reason, updatedAt: now }, $unset: { settleBy: '' } },
  );
  return result.modifiedCount;
}

export async function listDeliveries(
  db: Db,
  filter: { dead?: boolean; eventId?: string; limit: number },
): Promise<WebhookDeliveryDocument[]> {
  await settleAbandonedDeliveries(db, new Date());
  const query = {
    ...(filter.dead === true ? { status: 'dead' as const } : {}),
    ...(filter.eventId === undefined ? {} : { eventId: filter.eventId }),
  };
  return deliveries(db)
    .find(query, { sort: { updatedAt: -1 }, limit: filter.limit })
    .toArray();
}

/** By delivery id, or the latest delivery of an event id. */
export async function findDelivery(db: Db, id: string): Promise<WebhookDeliveryDocument | null> {
  await settleAbandonedDeliveries(db, new Date());
  return (
    (await deliveries(db).findOne({ deliveryId: id })) ??
    (await deliveries(db).findOne({ eventId: id }, { sort: { updatedAt: -1 } }))
  );
}
