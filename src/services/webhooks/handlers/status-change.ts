import { z } from 'zod';
import type { OrderStatus } from '../../../lab-events.js';
import { findOrder, transitionOrder } from '../../../mongo/order-store.js';
import type { WebhookHandler } from './webhook-handler.js';

const statusChangeData = z.object({ orderId: z.string().min(1).max(100) });

/** A handler that moves an order to a status; an invalid move fails the event with the reason. */
export function statusChangeHandler(type: string, to: OrderStatus): WebhookHandler {
  return {
    type,
    async handle({ db, event }) {
      const parsed = statusChangeData.safeParse(event.data);
      if (!parsed.success) return { status: 'failed', reason: `Invalid ${type} data: orderId is required` };
      const { orderId } = parsed.data;
      const result = await transitionOrder(db, { orderId, to, source: 'webhook', eventId: event.id });
      if (result.ok)
        return {
          status: 'processed',
          update: {
            orderId,
            status: to,
            source: 'webhook',
            eventId: event.id,
            at: result.order.updatedAt.toISOString(),
          },
        };
      // Applied by this same event before its first attempt stopped half-way: done, not a
      // conflict, and its notification (maybe never written) is the change as first applied.
      const applied = (await findOrder(db, orderId))?.history.find(
        (entry) => entry.eventId === event.id && entry.status === to,
      );
      if (applied !== undefined)
        return {
          status: 'processed',
          update: { orderId, status: to, source: 'webhook', eventId: event.id, at: applied.at.toISOString() },
        };
      return { status: 'failed', reason: result.reason };
    },
  };
}
