import type { Db } from 'mongodb';
import { isDuplicateKey } from './is-mongo-unavailable.js';
import type { WebhookEventDocument } from './lab-documents.js';
import { writeBatcherFor } from './write-batcher.js';

export type ClaimResult =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly existing: WebhookEventDocument; readonly sameBody: boolean };

const events = (db: Db) => db.collection<WebhookEventDocument>('webhook_events');

/**
 * Takes an event for handling, once. The unique index on `eventId` decides between concurrent
 * deliveries of one id; an event whose handling failed, or whose handler stopped mid-way (its
 * claim older than the lease), can be claimed again, by one delivery only.
 */
export async function claimWebhookEvent(db: Db, event: Omit<WebhookEventDocument, 'status' | 'handlings' | 'receivedAt' | 'claimedAt'>, now: Date, leaseMs: number): Promise<ClaimResult> {
  try {
    await writeBatcherFor(db).insertOne('webhook_events', { ...event, status: 'received', handlings: 0, receivedAt: now, claimedAt: now });
    return { claimed: true };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const existing = await events(db).findOne({ eventId: event.eventId });
  if (existing === null) return claimWebhookEvent(db, event, now, leaseMs);
  const sameBody = existing.payloadHash === event.payloadHash;
  const stale = existing.status === 'failed' || (existing.status === 'received' && existing.claimedAt.getTime() < now.getTime() - leaseMs);
  if (!sameBody || !stale) return { claimed: false, existing, sameBody };
  const reclaimed = await events(db).updateOne({ eventId: event.eventId, status: existing.status, claimedAt: existing.claimedAt }, { $set: { status: 'received', claimedAt: now } });
  return reclaimed.modifiedCount === 1 ? { claimed: true } : { claimed: false, existing, sameBody };
}

export async function markWebhookEvent(db: Db, eventId: string, outcome: { status: 'processed' } | { status: 'failed'; error: string }, now: Date): Promise<void> {
  await writeBatcherFor(db).updateOne(
    'webhook_events',
    { eventId },
    outcome.status === 'processed' ? { $set: { status: 'processed', processedAt: now }, $unset: { error: '' }, $inc: { handlings: 1 } } : { $set: { status: 'failed', error: outcome.error }, $inc: { handlings: 1 } },
  );
}

export function listWebhookEvents(db: Db, filter: { type?: string; status?: string; limit: number }): Promise<WebhookEventDocument[]> {
  const query = { ...(filter.type === undefined ? {} : { type: filter.type }), ...(filter.status === undefined ? {} : { status: filter.status as WebhookEventDocument['status'] }) };
  return events(db).find(query, { sort: { receivedAt: -1 }, limit: filter.limit }).toArray();
}

export function countWebhookEvents(db: Db, filter: { eventId?: string } = {}): Promise<number> {
  return events(db).countDocuments(filter);
}
