// Original file: proto/orders.proto

import type { OrderStatus as _rtlab_orders_v1_OrderStatus, OrderStatus__Output as _rtlab_orders_v1_OrderStatus__Output } from '../../../rtlab/orders/v1/OrderStatus.js';
import type { OrderSource as _rtlab_orders_v1_OrderSource, OrderSource__Output as _rtlab_orders_v1_OrderSource__Output } from '../../../rtlab/orders/v1/OrderSource.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.js';
import type { Order as _rtlab_orders_v1_Order, Order__Output as _rtlab_orders_v1_Order__Output } from '../../../rtlab/orders/v1/Order.js';

/**
 * One change to one order, from any domain, in the order the lab stored them.
 */
export interface OrderChange {
  'orderId'?: (string);
  'status'?: (_rtlab_orders_v1_OrderStatus);
  'source'?: (_rtlab_orders_v1_OrderSource);
  /**
   * The webhook id or RPC call that made the change: a change seen twice has the same one.
   */
  'eventId'?: (string);
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The order after the change, when the server could read it.
   */
  'order'?: (_rtlab_orders_v1_Order | null);
}

/**
 * One change to one order, from any domain, in the order the lab stored them.
 */
export interface OrderChange__Output {
  'orderId': (string);
  'status': (_rtlab_orders_v1_OrderStatus__Output);
  'source': (_rtlab_orders_v1_OrderSource__Output);
  /**
   * The webhook id or RPC call that made the change: a change seen twice has the same one.
   */
  'eventId': (string);
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The order after the change, when the server could read it.
   */
  'order': (_rtlab_orders_v1_Order__Output | null);
}
