import { status, type handleUnaryCall } from '@grpc/grpc-js';
import type { CreateOrderRequest__Output } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import { toProtoOrder } from '../order-mapping.js';
import { readOrderSource } from '../order-source-metadata.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { invalidArgument, rpcError, toRpcError } from './rpc-error.js';
import { validateCreateOrder } from './validate-create-order.js';
import { writeNewOrder } from './write-new-order.js';

/** CreateOrder: validates, stores the order with its notification, answers the stored order. */
export function createOrderHandler(context: GrpcHandlerContext): handleUnaryCall<CreateOrderRequest__Output, Order> {
  return (call, callback) => {
    const validation = validateCreateOrder(call.request);
    if (!validation.ok) {
      callback(invalidArgument(validation.violations));
      return;
    }
    writeNewOrder(context, validation.order, readOrderSource(call.metadata), () => !call.cancelled).then(
      (order) => {
        if (order === undefined) {
          callback(rpcError(status.CANCELLED, 'The caller gave up before the order was stored; nothing was written'));
          return;
        }
        context.logger.info('CreateOrder succeeded', { orderId: order.orderId, customerEmail: order.customerEmail });
        callback(null, toProtoOrder(order));
      },
      (error: unknown) => {
        context.logger.error('CreateOrder failed', { error: (error as Error).message });
        callback(toRpcError(error));
      },
    );
  };
}
