import { createHash, randomUUID } from 'node:crypto';
import type { OrderSource, OrderUpdate } from '../../../lab-events.js';
import { isDuplicateKey } from '../../../mongo/is-mongo-unavailable.js';
import { clearOutboxMark, findOrderByIdempotencyKey, type MarkedOrder } from '../../../mongo/order-outbox-marks.js';
import { insertOrder } from '../../../mongo/order-store.js';
import { writeOutboxEntry } from '../../../mongo/outbox-store.js';
import { toAmount, toStoredItems, toTotalCents } from '../order-mapping.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import type { ValidOrderRequest } from './validate-create-order.js';

/**
 * Random hex digits taken from a v4 UUID's random ones (all but the version digit at 14 and the
 * variant digit at 19): `randomUUID` draws from a cached pool of entropy, where `randomBytes`
 * asks the system each time, ten times the cost on every CreateOrder.
 */
function randomHex(digits: 12 | 18): string {
  const uuid = randomUUID();
  const hex = uuid.slice(0, 8) + uuid.slice(9, 13);
  return digits === 12 ? hex : hex + uuid.slice(15, 18) + uuid.slice(20, 23);
}

/** The lab's order ids, as the webhooks sender makes them: `ord_` and 12 hex digits (48 random bits). */
export function newOrderId(): string {
  return `ord_${randomHex(12)}`;
}

/** The id of one change made by one RPC (72 random bits): what `OrderChange.event_id` and the outbox key carry. */
export function newRpcEventId(): string {
  return `rpc_${Buffer.from(randomHex(18), 'hex').toString('base64url')}`;
}

export type NewOrderResult =
  | { readonly kind: 'created' | 'repeated'; readonly order: MarkedOrder }
  | { readonly kind: 'key reused'; readonly order: MarkedOrder }
  | { readonly kind: 'gave up' };

/**
 * Stores a validated order, then its `order:update` in the outbox, then hands that to the relay:
 * a notification never names an order that was not stored, and a stored order's notification
 * is durable before the caller hears of it. The order is inserted marked `outboxPending`, and the
 * mark is cleared once the entry is written: a crash in between leaves the mark, and the sweep
 * (`sweepOrderOutbox`) writes the missing entry. With an idempotency key, a repeat of the call
 * answers the order the first one created (making sure its notification is written), and the
 * same key with another request is told apart. `stillWanted` is asked before the first write:
 * nothing is written for a caller that gave up.
 */
export async function writeNewOrder(
  context: GrpcHandlerContext,
  request: ValidOrderRequest,
  options: { source: OrderSource; idempotencyKey: string | undefined; stillWanted: () => boolean },
): Promise<NewOrderResult> {
  const now = context.now();
  const { source } = options;
  const eventId = newRpcEventId();
  const order: MarkedOrder = {
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
    outboxPending: true,
  };
  if (options.idempotencyKey !== undefined) {
    order.idempotencyKey = options.idempotencyKey;
    order.requestHash = toRequestHash(request);
  }
  if (!options.stillWanted()) return { kind: 'gave up' };
  const first = await insertOnce(context, order);
  if (first !== undefined) {
    if (first.requestHash !== order.requestHash) return { kind: 'key reused', order: first };
    await writeOrderOutboxEntry(context, first);
    return { kind: 'repeated', order: first };
  }
  await writeOrderOutboxEntry(context, order);
  return { kind: 'created', order };
}

/**
 * Writes the `order:update` of a marked order's latest change (keyed by its event id, so writing it
 * twice keeps one), hands it to the relay, and clears the order's mark. What CreateOrder, its
 * repeats, UpdateOrderStatus and the sweep do.
 */
export async function writeOrderOutboxEntry(context: GrpcHandlerContext, order: MarkedOrder): Promise<void> {
  const latest = order.history.at(-1);
  if (order.outboxPending !== true || latest?.eventId === undefined) return;
  const update: OrderUpdate = {
    orderId: order.orderId,
    status: latest.status,
    source: latest.source,
    eventId: latest.eventId,
    at: latest.at.toISOString(),
  };
  await writeOutboxEntry(context.db, update, latest.at);
  context.publisher.publish(update);
  clearOutboxMark(context.db, order.orderId, order.history.length);
}

/**
 * Inserts the order; undefined when it was inserted, or the order an earlier call with the same
 * idempotency key created. 48 random bits make an order id clash rare, not impossible: the unique
 * index refuses it, and another id is drawn.
 */
async function insertOnce(context: GrpcHandlerContext, order: MarkedOrder): Promise<MarkedOrder | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await insertOrder(context.db, order);
      return undefined;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (order.idempotencyKey !== undefined) {
        const first = await findOrderByIdempotencyKey(context.db, order.idempotencyKey);
        if (first !== null) return first;
      }
      if (attempt === 3) throw error;
      order.orderId = newOrderId();
    }
  }
}

/** What makes two requests "the same" for an idempotency key: the validated request, field by field. */
function toRequestHash(request: ValidOrderRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.customerEmail, request.customerName, request.currency, request.items]))
    .digest('base64url');
}
