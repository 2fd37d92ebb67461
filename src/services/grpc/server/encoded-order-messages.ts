import type { ServiceDefinition } from '@grpc/grpc-js';
import { decodeListedOrder, type ListedOrderBson } from '../../../mongo/order-listing.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import { toProtoOrder } from '../order-mapping.js';
import { encodeListedOrder } from './encode-listed-order.js';

/** A GetOrders message: already encoded, or an `Order` for grpc-js to encode (a document the encoder leaves to toProtoOrder). */
export type OrderMessage = Buffer | Order;

/** A listed order's message: its bytes encoded straight from BSON, or mapped the general way. */
export function toOrderMessage(bson: ListedOrderBson): OrderMessage {
  return encodeListedOrder(bson) ?? toProtoOrder(decodeListedOrder(bson));
}

/**
 * OrderService with GetOrders' responses passed through when they are already encoded. A copy:
 * the loaded definition is shared with the clients of this process.
 */
export function withEncodedOrderMessages(service: ServiceDefinition): ServiceDefinition {
  const getOrders = service['GetOrders']!;
  const serialize = getOrders.responseSerialize;
  return {
    ...service,
    GetOrders: {
      ...getOrders,
      responseSerialize: (message: OrderMessage) => (Buffer.isBuffer(message) ? message : serialize(message)),
    },
  };
}
