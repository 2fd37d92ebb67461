import type { Db } from 'mongodb';
import type { OrderDocument, OutboxDocument, WebhookEventDocument } from './lab-documents.js';

export interface EventOutcome {
  /** The event's status in `webhook_events`; undefined when it was never stored. */
  readonly status: WebhookEventDocument['status'] | undefined;
  /** How many times its change is in its order's history: 1 is exactly once. */
  readonly applications: number;
  /** Its outbox entry (carried by the event): where a notification that never arrived got stuck. */
  readonly outbox: OutboxDocument['status'] | 'none';
  /** The position the ws-server gave its stored `order:update` in `notifications`, if it stored one. */
  readonly notificationSeq: number | undefined;
}

/**
 * What became of each webhook event, read from MongoDB: stored, its status, and how many times
 * its order change was applied (an order's history names the event that made each change).
 */
export async function readEventOutcomes(
  db: Db,
  events: ReadonlyArray<{ eventId: string; orderId: string }>,
): Promise<Map<string, EventOutcome>> {
  const outcomes = new Map<string, EventOutcome>();
  const chunk = 1000;
  for (let start = 0; start < events.length; start += chunk) {
    const slice = events.slice(start, start + chunk);
    const ids = slice.map((event) => event.eventId);
    const stored = await db
      .collection<WebhookEventDocument>('webhook_events')
      .find({ eventId: { $in: ids } }, { projection: { eventId: 1, status: 1, 'outbox.status': 1 } })
      .toArray();
    const orders = await db
      .collection<OrderDocument>('orders')
      .find({ orderId: { $in: slice.map((event) => event.orderId) } }, { projection: { history: 1 } })
      .toArray();
    const notified = await db
      .collection<{ eventId: string; seq: number }>('notifications')
      .find({ eventId: { $in: ids } }, { projection: { eventId: 1, seq: 1 } })
      .toArray();
    const outbox = new Map(stored.map((event) => [event.eventId, event.outbox?.status]));
    const notificationSeq = new Map(notified.map((entry) => [entry.eventId, entry.seq]));
    const status = new Map(stored.map((event) => [event.eventId, event.status]));
    const applications = new Map<string, number>();
    for (const order of orders)
      for (const entry of order.history)
        if (entry.eventId !== undefined) applications.set(entry.eventId, (applications.get(entry.eventId) ?? 0) + 1);
    for (const { eventId } of slice)
      outcomes.set(eventId, {
        status: status.get(eventId),
        applications: applications.get(eventId) ?? 0,
        outbox: outbox.get(eventId) ?? 'none',
        notificationSeq: notificationSeq.get(eventId),
      });
  }
  return outcomes;
}
