// Original file: proto/orders.proto

import type { OrderStatus as _rtlab_orders_v1_OrderStatus, OrderStatus__Output as _rtlab_orders_v1_OrderStatus__Output } from '../../../rtlab/orders/v1/OrderStatus.js';

export interface GetOrdersRequest {
  /**
   * ORDER_STATUS_UNSPECIFIED: every status.
   */
  'status'?: (_rtlab_orders_v1_OrderStatus);
  /**
   * Empty: every customer.
   */
  'customerEmail'?: (string);
  /**
   * 0: the server's default.
   */
  'limit'?: (number);
}

export interface GetOrdersRequest__Output {
  /**
   * ORDER_STATUS_UNSPECIFIED: every status.
   */
  'status': (_rtlab_orders_v1_OrderStatus__Output);
  /**
   * Empty: every customer.
   */
  'customerEmail': (string);
  /**
   * 0: the server's default.
   */
  'limit': (number);
}
