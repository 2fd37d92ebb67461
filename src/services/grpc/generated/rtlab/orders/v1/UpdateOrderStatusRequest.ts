// Original file: proto/orders.proto

import type { OrderStatus as _rtlab_orders_v1_OrderStatus, OrderStatus__Output as _rtlab_orders_v1_OrderStatus__Output } from '../../../rtlab/orders/v1/OrderStatus.js';

export interface UpdateOrderStatusRequest {
  'id'?: (string);
  'status'?: (_rtlab_orders_v1_OrderStatus);
}

export interface UpdateOrderStatusRequest__Output {
  'id': (string);
  'status': (_rtlab_orders_v1_OrderStatus__Output);
}
