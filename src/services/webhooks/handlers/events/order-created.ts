import { z } from 'zod';
import { isDuplicateKey } from '../../../../mongo/is-mongo-unavailable.js';
import type { OrderDocument } from '../../../../mongo/lab-documents.js';
import { findOrder, insertOrder } from '../../../../mongo/order-store.js';
import { identifierSchema } from '../../../visible-text-schema.js';
import type { WebhookHandler } from '../webhook-handler.js';

const orderCreatedData = z.object({
  orderId: z.string().min(1).max(100),
  // Order text follows the same visible-text rule as gRPC's CreateOrder: no control, format or
  // bidi characters reach the lab's orders (and from there terminals and the dashboard).
  customer: z.object({ email: z.email(), name: identifierSchema('name', 200) }),
  items: z
    .array(
      z.object({
        sku: identifierSchema('sku', 100),
        name: identifierSchema('name', 200),
        quantity: z.number().int().positive(),
        unitPrice: z.number().nonnegative(),
      }),
    )
    .min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

/** `order.created`: the order enters the lab, with the webhook as its source. */
export const handler: WebhookHandler = {
  type: 'order.created',
  async handle({ db, event }) {
    const parsed = orderCreatedData.safeParse(event.data);
    if (!parsed.success)
      return {
        status: 'failed',
        reason: `Invalid order.created data: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
      };
    const data = parsed.data;
    const now = new Date();
    const order: OrderDocument = {
      orderId: data.orderId,
      customerEmail: data.customer.email,
      customerName: data.customer.name,
      items: data.items,
      total: Math.round(data.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100,
      currency: data.currency,
      status: 'created',
      source: 'webhook',
      createdAt: now,
      updatedAt: now,
      history: [{ status: 'created', at: now, source: 'webhook', eventId: event.id }],
    };
    let createdAt = now;
    try {
      await insertOrder(db, order);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The same event handled before (its first attempt stopped half-way) is not a conflict;
      // its notification is the order as it was first created.
      const existing = await findOrder(db, data.orderId);
      if (existing?.history[0]?.eventId !== event.id)
        return { status: 'failed', reason: `Order ${data.orderId} already exists` };
      createdAt = existing.createdAt;
    }
    return {
      status: 'processed',
      update: {
        orderId: data.orderId,
        status: 'created',
        source: 'webhook',
        eventId: event.id,
        at: createdAt.toISOString(),
      },
    };
  },
};
