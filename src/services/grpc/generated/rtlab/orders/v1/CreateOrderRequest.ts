// Original file: proto/orders.proto

import type { OrderItem as _rtlab_orders_v1_OrderItem, OrderItem__Output as _rtlab_orders_v1_OrderItem__Output } from '../../../rtlab/orders/v1/OrderItem.js';

export interface CreateOrderRequest {
  'customerEmail'?: (string);
  'items'?: (_rtlab_orders_v1_OrderItem)[];
  'currency'?: (string);
  /**
   * Optional: the part of the email before the @ when empty.
   */
  'customerName'?: (string);
}

export interface CreateOrderRequest__Output {
  'customerEmail': (string);
  'items': (_rtlab_orders_v1_OrderItem__Output)[];
  'currency': (string);
  /**
   * Optional: the part of the email before the @ when empty.
   */
  'customerName': (string);
}
