import { randomBytes } from 'node:crypto';
import type { OrderSource, OrderUpdate } from '../../../lab-events.js';
import type { OrderDocument } from '../../../mongo/lab-documents.js';
import { isDuplicateKey } from '../../../mongo/is-mongo-unavailable.js';
import { insertOrder } from '../../../mongo/order-store.js';
import { writeOutboxEntry } from '../../../mongo/outbox-store.js';
import { toAmount, toStoredItems, toTotalCents } from '../order-mapping.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import type { ValidOrderRequest } from './validate-create-order.js';

/** The lab's order ids, as the webhooks sender makes them: `ord_` and 12 hex digits. */
export function newOrderId(): string {
  return `ord_${randomBytes(6).toString('hex')}`;
}

/** The id of one change made by one RPC: what `OrderChange.event_id` and the outbox key carry. */
export function newRpcEventId(): string {
  return `rpc_${randomBytes(9).toString('base64url')}`;
}

/**
 * Stores a validated order, then its `order:update` in the outbox, then hands that to the relay:
 * the receiver's order of writes, so a notification never names an order that was not stored,
 * and a stored order's notification is durable before the caller hears of it. `stillWanted` is
 * asked before the first write: nothing is written for a caller that gave up.
 */
export async function writeNewOrder(
  context: GrpcHandlerContext,
  request: ValidOrderRequest,
  source: OrderSource,
  stillWanted: () => boolean,
): Promise<OrderDocument | undefined> {
  const now = context.now();
  const eventId = newRpcEventId();
  const order: OrderDocument = {
    orderId: newOrderId(),
    customerEmail: request.customerEmail,
    customerName: request.customerName,
    items: toStoredItems(request.items),
    total: toAmount(toTotalCents(request.items)),
    currency: request.currency,
    status: 'created',
    source,
    createdAt: now,
    updatedAt: now,
    history: [{ status: 'created', at: now, source, eventId }],
  };
  if (!stillWanted()) return undefined;
  await insertWithFreshId(context, order);
  const update: OrderUpdate = { orderId: order.orderId, status: 'created', source, eventId, at: now.toISOString() };
  await writeOutboxEntry(context.db, update, now);
  context.publisher.publish(update);
  return order;
}

/** 48 random bits make a clash rare, not impossible: the unique index refuses it, and another id is drawn. */
async function insertWithFreshId(context: GrpcHandlerContext, order: OrderDocument): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await insertOrder(context.db, order);
      return;
    } catch (error) {
      if (!isDuplicateKey(error) || attempt === 3) throw error;
      order.orderId = newOrderId();
    }
  }
}
