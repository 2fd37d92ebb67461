// Original file: proto/orders.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.js';

export interface OrderChatMessage {
  'orderId'?: (string);
  'author'?: (string);
  /**
   * Empty: joins the order's conversation (hears every message from then on) without saying anything.
   */
  'text'?: (string);
  /**
   * Set by the server; ignored when a client sends it.
   */
  'sentAt'?: (_google_protobuf_Timestamp | null);
}

export interface OrderChatMessage__Output {
  'orderId': (string);
  'author': (string);
  /**
   * Empty: joins the order's conversation (hears every message from then on) without saying anything.
   */
  'text': (string);
  /**
   * Set by the server; ignored when a client sends it.
   */
  'sentAt': (_google_protobuf_Timestamp__Output | null);
}
