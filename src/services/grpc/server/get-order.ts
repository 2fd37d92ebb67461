import { status, type handleUnaryCall } from '@grpc/grpc-js';
import { findOrder } from '../../../mongo/order-store.js';
import type { GetOrderRequest__Output } from '../generated/rtlab/orders/v1/GetOrderRequest.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import { toProtoOrder } from '../order-mapping.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { rpcError, toRpcError } from './rpc-error.js';
import { validateOrderId } from './validate-order-id.js';

/** GetOrder: any order of the lab, whichever domain created it. */
export function getOrderHandler(context: GrpcHandlerContext): handleUnaryCall<GetOrderRequest__Output, Order> {
  return (call, callback) => {
    const invalid = validateOrderId(call.request.id, 'id');
    if (invalid !== undefined) {
      callback(invalid);
      return;
    }
    findOrder(context.db, call.request.id).then(
      (order) =>
        order === null
          ? callback(rpcError(status.NOT_FOUND, `Order ${call.request.id} does not exist`))
          : callback(null, toProtoOrder(order)),
      (error: unknown) => callback(toRpcError(error)),
    );
  };
}
