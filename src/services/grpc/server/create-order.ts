import { status, type handleUnaryCall } from '@grpc/grpc-js';
import type { CreateOrderRequest__Output } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import { idempotencyKeyMetadataKey, readIdempotencyKey } from '../idempotency-key-metadata.js';
import { toProtoOrder } from '../order-mapping.js';
import { readOrderSource } from '../order-source-metadata.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { invalidArgument, rpcError, toRpcError } from './rpc-error.js';
import { validateCreateOrder } from './validate-create-order.js';
import { writeNewOrder } from './write-new-order.js';

/**
 * CreateOrder: validates, stores the order with its notification, answers the stored order. A
 * call that repeats an idempotency key (a retry) answers the order the key first created.
 */
export function createOrderHandler(context: GrpcHandlerContext): handleUnaryCall<CreateOrderRequest__Output, Order> {
  return (call, callback) => {
    const validation = validateCreateOrder(call.request);
    const key = readIdempotencyKey(call.metadata);
    if (!validation.ok || !key.ok) {
      const keyViolation = key.ok ? [] : [{ field: idempotencyKeyMetadataKey, description: key.description }];
      callback(invalidArgument([...(validation.ok ? [] : validation.violations), ...keyViolation]));
      return;
    }
    const written = writeNewOrder(context, validation.order, {
      source: readOrderSource(call.metadata),
      idempotencyKey: key.key,
      stillWanted: () => !call.cancelled,
    });
    written.then(
      (result) => {
        if (result.kind === 'gave up')
          return callback(
            rpcError(status.CANCELLED, 'The caller gave up before the order was stored; nothing was written'),
          );
        if (result.kind === 'key reused')
          return callback(
            invalidArgument([
              {
                field: idempotencyKeyMetadataKey,
                description: `was first used with another request (it created order ${result.order.orderId}); send a new key for a new order`,
              },
            ]),
          );
        const { order } = result;
        if (result.kind === 'created')
          context.logger.info('CreateOrder succeeded', { orderId: order.orderId, customerEmail: order.customerEmail });
        else context.logger.info('CreateOrder repeated', { orderId: order.orderId, idempotencyKey: key.key });
        callback(null, toProtoOrder(order));
      },
      (error: unknown) => {
        context.logger.error('CreateOrder failed', { error: (error as Error).message });
        callback(toRpcError(error));
      },
    );
  };
}
