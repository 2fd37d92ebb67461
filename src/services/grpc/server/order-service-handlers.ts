import type { OrderServiceHandlers } from '../generated/rtlab/orders/v1/OrderService.js';
import { chatOrdersHandler } from './chat-orders.js';
import { createOrderHandler } from './create-order.js';
import { getOrderHandler } from './get-order.js';
import { getOrdersHandler } from './get-orders.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { importOrdersHandler } from './import-orders.js';
import { updateOrderStatusHandler } from './update-order-status.js';
import { watchOrdersHandler } from './watch-orders.js';

/** Every RPC of OrderService, each in its own file. */
export function createOrderServiceHandlers(context: GrpcHandlerContext): OrderServiceHandlers {
  return {
    CreateOrder: createOrderHandler(context),
    GetOrder: getOrderHandler(context),
    UpdateOrderStatus: updateOrderStatusHandler(context),
    GetOrders: getOrdersHandler(context),
    WatchOrders: watchOrdersHandler(context),
    ChatOrders: chatOrdersHandler(context),
    ImportOrders: importOrdersHandler(context),
  };
}
