// Original file: proto/orders.proto

import type { Rejection as _rtlab_orders_v1_Rejection, Rejection__Output as _rtlab_orders_v1_Rejection__Output } from '../../../rtlab/orders/v1/Rejection.js';

export interface ImportOrdersResponse {
  'created'?: (number);
  'rejected'?: (number);
  /**
   * The first 1,000 rejections, in stream order; `rejected` counts them all.
   */
  'rejections'?: (_rtlab_orders_v1_Rejection)[];
}

export interface ImportOrdersResponse__Output {
  'created': (number);
  'rejected': (number);
  /**
   * The first 1,000 rejections, in stream order; `rejected` counts them all.
   */
  'rejections': (_rtlab_orders_v1_Rejection__Output)[];
}
