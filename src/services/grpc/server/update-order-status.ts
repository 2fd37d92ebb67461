import { status, type handleUnaryCall } from '@grpc/grpc-js';
import type { OrderStatus, OrderUpdate } from '../../../lab-events.js';
import type { OrderDocument } from '../../../mongo/lab-documents.js';
import { findOrder, orderTransitions, transitionOrder } from '../../../mongo/order-store.js';
import { writeOutboxEntry } from '../../../mongo/outbox-store.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import type { UpdateOrderStatusRequest__Output } from '../generated/rtlab/orders/v1/UpdateOrderStatusRequest.js';
import { toProtoOrder, toProtoStatus, toStoredStatus } from '../order-mapping.js';
import { readOrderSource } from '../order-source-metadata.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { invalidArgument, rpcError, toRpcError } from './rpc-error.js';
import { validateOrderId } from './validate-order-id.js';
import { newRpcEventId, writeOrderOutboxEntry } from './write-new-order.js';

/**
 * An order already in the asked status is a success, not a conflict: a call retried after an
 * answer was lost (the client retries UNAVAILABLE) finds its own change applied. The change's
 * notification is written again under its own event id: a no-op when it was written, the missing
 * one when the first attempt stopped between the two writes.
 */
async function alreadyThere(context: GrpcHandlerContext, order: OrderDocument, to: OrderStatus): Promise<Order> {
  const applied = order.history.findLast((entry) => entry.status === to);
  if (applied?.eventId !== undefined) {
    const update: OrderUpdate = {
      orderId: order.orderId,
      status: to,
      source: applied.source,
      eventId: applied.eventId,
      at: applied.at.toISOString(),
    };
    await writeOutboxEntry(context.db, update, context.now());
    context.publisher.publish(update);
  }
  return toProtoOrder(order);
}

/**
 * UpdateOrderStatus: one atomic, checked transition (the webhooks' own) that marks the order, then
 * its notification through the outbox, as CreateOrder does (write-new-order.ts). NOT_FOUND for an unknown order, FAILED_PRECONDITION for a move its status
 * does not allow, saying which moves it does; the status it already has is a success.
 */
export function updateOrderStatusHandler(
  context: GrpcHandlerContext,
): handleUnaryCall<UpdateOrderStatusRequest__Output, Order> {
  return (call, callback) => {
    const { id } = call.request;
    const invalidId = validateOrderId(id, 'id');
    const to = toStoredStatus(call.request.status);
    if (invalidId !== undefined || to === undefined) {
      callback(
        invalidId ??
          invalidArgument([{ field: 'status', description: 'must be one of CREATED, PAID, SHIPPED, CANCELLED' }]),
      );
      return;
    }
    const source = readOrderSource(call.metadata);
    const eventId = newRpcEventId();
    const run = async () => {
      if (call.cancelled) return rpcError(status.CANCELLED, 'The caller gave up; nothing was changed');
      const result = await transitionOrder(context.db, {
        orderId: id,
        to,
        source,
        eventId,
        at: context.now(),
        // A crash before its outbox entry is written leaves the mark, and the sweep writes the entry.
        markOutboxPending: true,
      });
      if (!result.ok) {
        const current = await findOrder(context.db, id);
        if (current === null) return rpcError(status.NOT_FOUND, `Order ${id} does not exist`);
        if (current.status === to) return alreadyThere(context, current, to);
        const allowed = orderTransitions[current.status].map(toProtoStatus);
        return rpcError(
          status.FAILED_PRECONDITION,
          `Order ${id} is ${toProtoStatus(current.status)} and cannot move to ${toProtoStatus(to)}` +
            (allowed.length === 0 ? ' (no further move is allowed)' : ` (allowed: ${allowed.join(', ')})`),
        );
      }
      await writeOrderOutboxEntry(context, { ...result.order, outboxPending: true });
      context.logger.info('UpdateOrderStatus succeeded', { orderId: id, from: result.from, to });
      return toProtoOrder(result.order);
    };
    run().then(
      (answer) => ('code' in answer ? callback(answer) : callback(null, answer)),
      (error: unknown) => callback(toRpcError(error)),
    );
  };
}
