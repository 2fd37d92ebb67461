import type { Db } from 'mongodb';
import type { OrderUpdate } from '../lab-events.js';
import { isDuplicateKey } from './is-mongo-unavailable.js';
import type { WebhookEventDocument } from './lab-documents.js';
import { writeBatcherFor } from './write-batcher.js';

/** `claimedAt` identifies this handling: a later takeover moves it, and this claim's lease is then lost. */
export type ClaimResult =
  | { readonly claimed: true; readonly claimedAt: Date }
  | { readonly claimed: false; readonly existing: WebhookEventDocument; readonly sameBody: boolean };

export type NewWebhookEvent = Omit<WebhookEventDocument, 'status' | 'handlings' | 'receivedAt' | 'claimedAt'>;

const events = (db: Db) => db.collection<WebhookEventDocument>('webhook_events');

/**
 * Takes an event for handling, once. The unique index on `eventId` decides between concurrent
 * deliveries of one id; an event whose handling failed, or whose handler stopped mid-way (its
 * claim older than the lease), can be claimed again, by one delivery only.
 */
export async function claimWebhookEvent(
  db: Db,
  event: NewWebhookEvent,
  now: Date,
  leaseMs: number,
): Promise<ClaimResult> {
  try {
    await writeBatcherFor(db).insertOne('webhook_events', {
      ...event,
      status: 'received',
      handlings: 0,
      receivedAt: now,
      claimedAt: now,
    });
    return { claimed: true, claimedAt: now };
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const existing = await findWebhookEvent(db, event.eventId);
  if (existing === null) return claimWebhookEvent(db, event, now, leaseMs);
  const sameBody = existing.payloadHash === event.payloadHash;
  // A failed event is handled again only for its own body; an unfinished one whatever the body (the first body is what counts).
  const retake = (existing.status === 'failed' && sameBody) || isLeaseExpired(existing, now, leaseMs);
  if (!retake) return { claimed: false, existing, sameBody };
  const taken = await takeOverWebhookEvent(db, existing, now);
  return taken ? { claimed: true, claimedAt: now } : { claimed: false, existing, sameBody };
}

/** Whether an event is still `received` and its handler's lease has run out (that handler died or hung). */
export function isLeaseExpired(event: WebhookEventDocument, now: Date, leaseMs: number): boolean {
  return event.status === 'received' && event.claimedAt.getTime() <= now.getTime() - leaseMs;
}

/** Moves an event's claim to `now`, provided nobody else moved it first (one taker wins). */
export async function takeOverWebhookEvent(db: Db, existing: WebhookEventDocument, now: Date): Promise<boolean> {
  const taken = await events(db).updateOne(
    { eventId: existing.eventId, status: existing.status, claimedAt: existing.claimedAt },
    { $set: { status: 'received', claimedAt: now } },
  );
  return taken.modifiedCount === 1;
}

/**
 * Records how a handling ended. Only an event still `received` is marked, so two handlings of
 * one event (a slow one and the one that took it over) count once, and writing again is harmless.
 * A processed event's `update` is its outbox entry, written in this same update: one write makes
 * the event processed and its notification durable, and neither can be there without the other.
 */
export async function markWebhookEvent(
  db: Db,
  eventId: string,
  outcome: { status: 'processed'; update?: OrderUpdate } | { status: 'failed'; error: string },
  now: Date,
): Promise<void> {
  await writeBatcherFor(db).updateOne(
    'webhook_events',
    { eventId, status: 'received' },
    outcome.status === 'processed'
      ? {
          $set: {
            status: 'processed',
            processedAt: now,
            ...(outcome.update === undefined ? {} : { outbox: { update: outcome.update, status: 'pending' } }),
          },
          $unset: { error: '' },
          $inc: { handlings: 1 },
        }
      : { $set: { status: 'failed', error: outcome.error }, $inc: { handlings: 1 } },
  );
}

export function findWebhookEvent(db: Db, eventId: string): Promise<WebhookEventDocument | null> {
  return events(db).findOne({ eventId });
}

/** Events still `received` whose lease ran out, oldest claim first: what the sweeper finishes. */
export function findExpiredClaims(db: Db, now: Date, leaseMs: number, limit: number): Promise<WebhookEventDocument[]> {
  return events(db)
    .find(
      { status: 'received', claimedAt: { $lte: new Date(now.getTime() - leaseMs) } },
      { sort: { claimedAt: 1 }, limit },
    )
    .toArray();
}

export function listWebhookEvents(
  db: Db,
  filter: { type?: string; status?: string; limit: number },
): Promise<WebhookEventDocument[]> {
  const query = {
    ...(filter.type === undefined ? {} : { type: filter.type }),
    ...(filter.status === undefined ? {} : { status: filter.status as WebhookEventDocument['status'] }),
  };
  return events(db)
    .find(query, { sort: { receivedAt: -1 }, limit: filter.limit })
    .toArray();
}

export function countWebhookEvents(db: Db, filter: { eventId?: string } = {}): Promise<number> {
  return events(db).countDocuments(filter);
}
