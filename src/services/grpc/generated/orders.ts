import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { CreateOrderRequest as _rtlab_orders_v1_CreateOrderRequest, CreateOrderRequest__Output as _rtlab_orders_v1_CreateOrderRequest__Output } from './rtlab/orders/v1/CreateOrderRequest.js';
import type { GetOrderRequest as _rtlab_orders_v1_GetOrderRequest, GetOrderRequest__Output as _rtlab_orders_v1_GetOrderRequest__Output } from './rtlab/orders/v1/GetOrderRequest.js';
import type { GetOrdersRequest as _rtlab_orders_v1_GetOrdersRequest, GetOrdersRequest__Output as _rtlab_orders_v1_GetOrdersRequest__Output } from './rtlab/orders/v1/GetOrdersRequest.js';
import type { ImportOrdersResponse as _rtlab_orders_v1_ImportOrdersResponse, ImportOrdersResponse__Output as _rtlab_orders_v1_ImportOrdersResponse__Output } from './rtlab/orders/v1/ImportOrdersResponse.js';
import type { Order as _rtlab_orders_v1_Order, Order__Output as _rtlab_orders_v1_Order__Output } from './rtlab/orders/v1/Order.js';
import type { OrderChange as _rtlab_orders_v1_OrderChange, OrderChange__Output as _rtlab_orders_v1_OrderChange__Output } from './rtlab/orders/v1/OrderChange.js';
import type { OrderChatMessage as _rtlab_orders_v1_OrderChatMessage, OrderChatMessage__Output as _rtlab_orders_v1_OrderChatMessage__Output } from './rtlab/orders/v1/OrderChatMessage.js';
import type { OrderItem as _rtlab_orders_v1_OrderItem, OrderItem__Output as _rtlab_orders_v1_OrderItem__Output } from './rtlab/orders/v1/OrderItem.js';
import type { OrderServiceClient as _rtlab_orders_v1_OrderServiceClient, OrderServiceDefinition as _rtlab_orders_v1_OrderServiceDefinition } from './rtlab/orders/v1/OrderService.js';
import type { Rejection as _rtlab_orders_v1_Rejection, Rejection__Output as _rtlab_orders_v1_Rejection__Output } from './rtlab/orders/v1/Rejection.js';
import type { UpdateOrderStatusRequest as _rtlab_orders_v1_UpdateOrderStatusRequest, UpdateOrderStatusRequest__Output as _rtlab_orders_v1_UpdateOrderStatusRequest__Output } from './rtlab/orders/v1/UpdateOrderStatusRequest.js';
import type { WatchOrdersRequest as _rtlab_orders_v1_WatchOrdersRequest, WatchOrdersRequest__Output as _rtlab_orders_v1_WatchOrdersRequest__Output } from './rtlab/orders/v1/WatchOrdersRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  rtlab: {
    orders: {
      v1: {
        CreateOrderRequest: MessageTypeDefinition<_rtlab_orders_v1_CreateOrderRequest, _rtlab_orders_v1_CreateOrderRequest__Output>
        GetOrderRequest: MessageTypeDefinition<_rtlab_orders_v1_GetOrderRequest, _rtlab_orders_v1_GetOrderRequest__Output>
        GetOrdersRequest: MessageTypeDefinition<_rtlab_orders_v1_GetOrdersRequest, _rtlab_orders_v1_GetOrdersRequest__Output>
        ImportOrdersResponse: MessageTypeDefinition<_rtlab_orders_v1_ImportOrdersResponse, _rtlab_orders_v1_ImportOrdersResponse__Output>
        Order: MessageTypeDefinition<_rtlab_orders_v1_Order, _rtlab_orders_v1_Order__Output>
        OrderChange: MessageTypeDefinition<_rtlab_orders_v1_OrderChange, _rtlab_orders_v1_OrderChange__Output>
        OrderChatMessage: MessageTypeDefinition<_rtlab_orders_v1_OrderChatMessage, _rtlab_orders_v1_OrderChatMessage__Output>
        OrderItem: MessageTypeDefinition<_rtlab_orders_v1_OrderItem, _rtlab_orders_v1_OrderItem__Output>
        OrderService: SubtypeConstructor<typeof grpc.Client, _rtlab_orders_v1_OrderServiceClient> & { service: _rtlab_orders_v1_OrderServiceDefinition }
        OrderSource: EnumTypeDefinition
        OrderStatus: EnumTypeDefinition
        Rejection: MessageTypeDefinition<_rtlab_orders_v1_Rejection, _rtlab_orders_v1_Rejection__Output>
        UpdateOrderStatusRequest: MessageTypeDefinition<_rtlab_orders_v1_UpdateOrderStatusRequest, _rtlab_orders_v1_UpdateOrderStatusRequest__Output>
        WatchOrdersRequest: MessageTypeDefinition<_rtlab_orders_v1_WatchOrdersRequest, _rtlab_orders_v1_WatchOrdersRequest__Output>
      }
    }
  }
}

