// Original file: proto/orders.proto


export interface GetOrderRequest {
  'id'?: (string);
}

export interface GetOrderRequest__Output {
  'id': (string);
}
