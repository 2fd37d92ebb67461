// Original file: proto/orders.proto

import type { OrderItem as _rtlab_orders_v1_OrderItem, OrderItem__Output as _rtlab_orders_v1_OrderItem__Output } from '../../../rtlab/orders/v1/OrderItem.js';
import type { OrderStatus as _rtlab_orders_v1_OrderStatus, OrderStatus__Output as _rtlab_orders_v1_OrderStatus__Output } from '../../../rtlab/orders/v1/OrderStatus.js';
import type { OrderSource as _rtlab_orders_v1_OrderSource, OrderSource__Output as _rtlab_orders_v1_OrderSource__Output } from '../../../rtlab/orders/v1/OrderSource.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface Order {
  /**
   * The lab's order id: the `orderId` the webhooks domain stores too (e.g. `ord_…`).
   */
  'id'?: (string);
  'customerEmail'?: (string);
  'items'?: (_rtlab_orders_v1_OrderItem)[];
  'totalCents'?: (number | string | Long);
  /**
   * ISO 4217, three capital letters.
   */
  'currency'?: (string);
  'status'?: (_rtlab_orders_v1_OrderStatus);
  'source'?: (_rtlab_orders_v1_OrderSource);
  'createdAt'?: (_google_protobuf_Timestamp | null);
  'updatedAt'?: (_google_protobuf_Timestamp | null);
  'customerName'?: (string);
}

export interface Order__Output {
  /**
   * The lab's order id: the `orderId` the webhooks domain stores too (e.g. `ord_…`).
   */
  'id': (string);
  'customerEmail': (string);
  'items': (_rtlab_orders_v1_OrderItem__Output)[];
  'totalCents': (string);
  /**
   * ISO 4217, three capital letters.
   */
  'currency': (string);
  'status': (_rtlab_orders_v1_OrderStatus__Output);
  'source': (_rtlab_orders_v1_OrderSource__Output);
  'createdAt': (_google_protobuf_Timestamp__Output | null);
  'updatedAt': (_google_protobuf_Timestamp__Output | null);
  'customerName': (string);
}
