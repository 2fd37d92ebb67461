// Original file: proto/orders.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateOrderRequest as _rtlab_orders_v1_CreateOrderRequest, CreateOrderRequest__Output as _rtlab_orders_v1_CreateOrderRequest__Output } from '../../../rtlab/orders/v1/CreateOrderRequest.js';
import type { GetOrderRequest as _rtlab_orders_v1_GetOrderRequest, GetOrderRequest__Output as _rtlab_orders_v1_GetOrderRequest__Output } from '../../../rtlab/orders/v1/GetOrderRequest.js';
import type { GetOrdersRequest as _rtlab_orders_v1_GetOrdersRequest, GetOrdersRequest__Output as _rtlab_orders_v1_GetOrdersRequest__Output } from '../../../rtlab/orders/v1/GetOrdersRequest.js';
import type { ImportOrdersResponse as _rtlab_orders_v1_ImportOrdersResponse, ImportOrdersResponse__Output as _rtlab_orders_v1_ImportOrdersResponse__Output } from '../../../rtlab/orders/v1/ImportOrdersResponse.js';
import type { Order as _rtlab_orders_v1_Order, Order__Output as _rtlab_orders_v1_Order__Output } from '../../../rtlab/orders/v1/Order.js';
import type { OrderChange as _rtlab_orders_v1_OrderChange, OrderChange__Output as _rtlab_orders_v1_OrderChange__Output } from '../../../rtlab/orders/v1/OrderChange.js';
import type { OrderChatMessage as _rtlab_orders_v1_OrderChatMessage, OrderChatMessage__Output as _rtlab_orders_v1_OrderChatMessage__Output } from '../../../rtlab/orders/v1/OrderChatMessage.js';
import type { UpdateOrderStatusRequest as _rtlab_orders_v1_UpdateOrderStatusRequest, UpdateOrderStatusRequest__Output as _rtlab_orders_v1_UpdateOrderStatusRequest__Output } from '../../../rtlab/orders/v1/UpdateOrderStatusRequest.js';
import type { WatchOrdersRequest as _rtlab_orders_v1_WatchOrdersRequest, WatchOrdersRequest__Output as _rtlab_orders_v1_WatchOrdersRequest__Output } from '../../../rtlab/orders/v1/WatchOrdersRequest.js';

export interface OrderServiceClient extends grpc.Client {
  /**
   * Messages about orders: each one sent is stored and delivered to every open stream on the same
   * order, the sender's included (with the server's sent_at). Writes: needs the orders:write scope.
   */
  ChatOrders(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rtlab_orders_v1_OrderChatMessage, _rtlab_orders_v1_OrderChatMessage__Output>;
  ChatOrders(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rtlab_orders_v1_OrderChatMessage, _rtlab_orders_v1_OrderChatMessage__Output>;
  /**
   * Messages about orders: each one sent is stored and delivered to every open stream on the same
   * order, the sender's included (with the server's sent_at). Writes: needs the orders:write scope.
   */
  chatOrders(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rtlab_orders_v1_OrderChatMessage, _rtlab_orders_v1_OrderChatMessage__Output>;
  chatOrders(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rtlab_orders_v1_OrderChatMessage, _rtlab_orders_v1_OrderChatMessage__Output>;
  
  CreateOrder(argument: _rtlab_orders_v1_CreateOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  CreateOrder(argument: _rtlab_orders_v1_CreateOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  CreateOrder(argument: _rtlab_orders_v1_CreateOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  CreateOrder(argument: _rtlab_orders_v1_CreateOrderRequest, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  createOrder(argument: _rtlab_orders_v1_CreateOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  createOrder(argument: _rtlab_orders_v1_CreateOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  createOrder(argument: _rtlab_orders_v1_CreateOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  createOrder(argument: _rtlab_orders_v1_CreateOrderRequest, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  
  GetOrder(argument: _rtlab_orders_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _rtlab_orders_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _rtlab_orders_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  GetOrder(argument: _rtlab_orders_v1_GetOrderRequest, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _rtlab_orders_v1_GetOrderRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _rtlab_orders_v1_GetOrderRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _rtlab_orders_v1_GetOrderRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  getOrder(argument: _rtlab_orders_v1_GetOrderRequest, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  
  /**
   * The matching orders, newest first, streamed from a MongoDB cursor.
   */
  GetOrders(argument: _rtlab_orders_v1_GetOrdersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_Order__Output>;
  GetOrders(argument: _rtlab_orders_v1_GetOrdersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_Order__Output>;
  /**
   * The matching orders, newest first, streamed from a MongoDB cursor.
   */
  getOrders(argument: _rtlab_orders_v1_GetOrdersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_Order__Output>;
  getOrders(argument: _rtlab_orders_v1_GetOrdersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_Order__Output>;
  
  /**
   * Creates each order streamed in; answers how many were created and why each other one was not.
   */
  ImportOrders(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  ImportOrders(metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  ImportOrders(options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  ImportOrders(callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  /**
   * Creates each order streamed in; answers how many were created and why each other one was not.
   */
  importOrders(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  importOrders(metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  importOrders(options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  importOrders(callback: grpc.requestCallback<_rtlab_orders_v1_ImportOrdersResponse__Output>): grpc.ClientWritableStream<_rtlab_orders_v1_CreateOrderRequest>;
  
  /**
   * Moves an order along created → paid → shipped (cancelled until it ships): FAILED_PRECONDITION otherwise.
   * Asking for the status the order already has succeeds and changes nothing, so a retried call is safe.
   */
  UpdateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  UpdateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  UpdateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  UpdateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  /**
   * Moves an order along created → paid → shipped (cancelled until it ships): FAILED_PRECONDITION otherwise.
   * Asking for the status the order already has succeeds and changes nothing, so a retried call is safe.
   */
  updateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  updateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  updateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  updateOrderStatus(argument: _rtlab_orders_v1_UpdateOrderStatusRequest, callback: grpc.requestCallback<_rtlab_orders_v1_Order__Output>): grpc.ClientUnaryCall;
  
  /**
   * Every change to any order from now on, until the caller cancels.
   */
  WatchOrders(argument: _rtlab_orders_v1_WatchOrdersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_OrderChange__Output>;
  WatchOrders(argument: _rtlab_orders_v1_WatchOrdersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_OrderChange__Output>;
  /**
   * Every change to any order from now on, until the caller cancels.
   */
  watchOrders(argument: _rtlab_orders_v1_WatchOrdersRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_OrderChange__Output>;
  watchOrders(argument: _rtlab_orders_v1_WatchOrdersRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rtlab_orders_v1_OrderChange__Output>;
  
}

export interface OrderServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Messages about orders: each one sent is stored and delivered to every open stream on the same
   * order, the sender's included (with the server's sent_at). Writes: needs the orders:write scope.
   */
  ChatOrders: grpc.handleBidiStreamingCall<_rtlab_orders_v1_OrderChatMessage__Output, _rtlab_orders_v1_OrderChatMessage>;
  
  CreateOrder: grpc.handleUnaryCall<_rtlab_orders_v1_CreateOrderRequest__Output, _rtlab_orders_v1_Order>;
  
  GetOrder: grpc.handleUnaryCall<_rtlab_orders_v1_GetOrderRequest__Output, _rtlab_orders_v1_Order>;
  
  /**
   * The matching orders, newest first, streamed from a MongoDB cursor.
   */
  GetOrders: grpc.handleServerStreamingCall<_rtlab_orders_v1_GetOrdersRequest__Output, _rtlab_orders_v1_Order>;
  
  /**
   * Creates each order streamed in; answers how many were created and why each other one was not.
   */
  ImportOrders: grpc.handleClientStreamingCall<_rtlab_orders_v1_CreateOrderRequest__Output, _rtlab_orders_v1_ImportOrdersResponse>;
  
  /**
   * Moves an order along created → paid → shipped (cancelled until it ships): FAILED_PRECONDITION otherwise.
   * Asking for the status the order already has succeeds and changes nothing, so a retried call is safe.
   */
  UpdateOrderStatus: grpc.handleUnaryCall<_rtlab_orders_v1_UpdateOrderStatusRequest__Output, _rtlab_orders_v1_Order>;
  
  /**
   * Every change to any order from now on, until the caller cancels.
   */
  WatchOrders: grpc.handleServerStreamingCall<_rtlab_orders_v1_WatchOrdersRequest__Output, _rtlab_orders_v1_OrderChange>;
  
}

export interface OrderServiceDefinition extends grpc.ServiceDefinition {
  ChatOrders: MethodDefinition<_rtlab_orders_v1_OrderChatMessage, _rtlab_orders_v1_OrderChatMessage, _rtlab_orders_v1_OrderChatMessage__Output, _rtlab_orders_v1_OrderChatMessage__Output>
  CreateOrder: MethodDefinition<_rtlab_orders_v1_CreateOrderRequest, _rtlab_orders_v1_Order, _rtlab_orders_v1_CreateOrderRequest__Output, _rtlab_orders_v1_Order__Output>
  GetOrder: MethodDefinition<_rtlab_orders_v1_GetOrderRequest, _rtlab_orders_v1_Order, _rtlab_orders_v1_GetOrderRequest__Output, _rtlab_orders_v1_Order__Output>
  GetOrders: MethodDefinition<_rtlab_orders_v1_GetOrdersRequest, _rtlab_orders_v1_Order, _rtlab_orders_v1_GetOrdersRequest__Output, _rtlab_orders_v1_Order__Output>
  ImportOrders: MethodDefinition<_rtlab_orders_v1_CreateOrderRequest, _rtlab_orders_v1_ImportOrdersResponse, _rtlab_orders_v1_CreateOrderRequest__Output, _rtlab_orders_v1_ImportOrdersResponse__Output>
  UpdateOrderStatus: MethodDefinition<_rtlab_orders_v1_UpdateOrderStatusRequest, _rtlab_orders_v1_Order, _rtlab_orders_v1_UpdateOrderStatusRequest__Output, _rtlab_orders_v1_Order__Output>
  WatchOrders: MethodDefinition<_rtlab_orders_v1_WatchOrdersRequest, _rtlab_orders_v1_OrderChange, _rtlab_orders_v1_WatchOrdersRequest__Output, _rtlab_orders_v1_OrderChange__Output>
}
