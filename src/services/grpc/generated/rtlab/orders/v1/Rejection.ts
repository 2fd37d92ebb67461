// Original file: proto/orders.proto


export interface Rejection {
  /**
   * Position of the rejected request in the client's stream, from 0.
   */
  'index'?: (number);
  /**
   * The first invalid field (e.g. `items[0].quantity`), empty when the reason is not one field.
   */
  'field'?: (string);
  'reason'?: (string);
}

export interface Rejection__Output {
  /**
   * Position of the rejected request in the client's stream, from 0.
   */
  'index': (number);
  /**
   * The first invalid field (e.g. `items[0].quantity`), empty when the reason is not one field.
   */
  'field': (string);
  'reason': (string);
}
