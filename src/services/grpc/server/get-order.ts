import { status, type handleUnaryCall } from '@grpc/grpc-js';
import { findOrder } from '../../../mongo/order-store.js';
import type { GetOrderRequest__Output } from '../generated/rtlab/orders/v1/GetOrderRequest.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import { toProtoOrder } from '../order-mapping.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { rpcError, toRpcError } from './rpc-error.js';
import { validateOrderId } from './validate-order-id.js';
import { findUnsendableOrderReason } from './find-unsendable-order-reason.js';

/**
 * GetOrder: any order of the lab, whichever domain created it. An order written straight into
 * MongoDB in a shape no `Order` message can say (items not a list, a date missing or past year
 * 9999) answers DATA_LOSS, gRPC's code for unrecoverable corruption of stored data: the request
 * was fine (not INVALID_ARGUMENT), retrying cannot help (not UNAVAILABLE), and the server did
 * not fail (INTERNAL is for broken invariants of the server itself).
 */
export function getOrderHandler(context: GrpcHandlerContext): handleUnaryCall<GetOrderRequest__Output, Order> {
  return (call, callback) => {
    const invalid = validateOrderId(call.request.id, 'id');
    if (invalid !== undefined) {
      callback(invalid);
      return;
    }
    findOrder(context.db, call.request.id).then(
      (order) => {
        if (order === null) return callback(rpcError(status.NOT_FOUND, `Order ${call.request.id} does not exist`));
        const reason = findUnsendableOrderReason(order);
        if (reason === undefined) return callback(null, toProtoOrder(order));
        context.logger.warn('GetOrder found a stored order it cannot send', {
          _id: String(order._id),
          orderId: call.request.id,
          reason,
        });
        callback(
          rpcError(status.DATA_LOSS, `Order ${call.request.id} is stored corrupted (${reason}); it cannot be returned`),
        );
      },
      (error: unknown) => callback(toRpcError(error)),
    );
  };
}
