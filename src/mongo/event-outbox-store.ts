import type { Db } from 'mongodb';
import type { WebhookEventDocument } from './lab-documents.js';
import type { OutboxPlace, PendingOutboxEntry, PendingOutboxRead } from './outbox-place.js';

const events = (db: Db) => db.collection<WebhookEventDocument>('webhook_events');

/**
 * The outbox entries webhook events carry (`WebhookEventDocument.outbox`), written by the update
 * that marks an event processed (see markWebhookEvent). Read by `status` and `outbox.status`, the
 * leading fields of one index, so a poll reads the pending entries only, whatever the history.
 */
export const eventOutbox: OutboxPlace = {
  name: 'webhook_events',

  async readPending(db: Db, options: PendingOutboxRead): Promise<PendingOutboxEntry[]> {
    const processedAt = { $lt: options.before, ...(options.after === undefined ? {} : { $gt: options.after }) };
    const pending = await events(db)
      .find(
        { status: 'processed', 'outbox.status': 'pending', processedAt },
        { sort: { processedAt: 1, _id: 1 }, limit: options.limit, projection: { _id: 0, outbox: 1, processedAt: 1 } },
      )
      .toArray();
    return pending.flatMap(({ outbox, processedAt }) =>
      outbox === undefined || processedAt === undefined ? [] : [{ update: outbox.update, createdAt: processedAt }],
    );
  },

  async markSent(db: Db, keys: readonly string[], now: Date): Promise<void> {
    if (keys.length === 0) return;
    await events(db).updateMany(
      { eventId: { $in: [...keys] }, 'outbox.status': 'pending' },
      { $set: { 'outbox.status': 'sent', 'outbox.sentAt': now } },
    );
  },

  async markRefused(db: Db, key: string, reason: string, now: Date): Promise<void> {
    await events(db).updateOne(
      { eventId: key, 'outbox.status': 'pending' },
      { $set: { 'outbox.status': 'refused', 'outbox.refusedAt': now, 'outbox.refusedReason': reason } },
    );
  },

  count: (db, status) => events(db).countDocuments({ status: 'processed', 'outbox.status': status }),
};
