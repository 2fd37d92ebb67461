// Original file: proto/orders.proto

import type { Long } from '@grpc/proto-loader';

export interface OrderItem {
  'sku'?: (string);
  'name'?: (string);
  'quantity'?: (number);
  /**
   * Money travels as integer cents, never as a float.
   */
  'unitPriceCents'?: (number | string | Long);
}

export interface OrderItem__Output {
  'sku': (string);
  'name': (string);
  'quantity': (number);
  /**
   * Money travels as integer cents, never as a float.
   */
  'unitPriceCents': (string);
}
