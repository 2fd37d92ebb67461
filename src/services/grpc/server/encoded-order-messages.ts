import type { ServiceDefinition } from '@grpc/grpc-js';
import { decodeListedOrder, type ListedOrderBson } from '../../../mongo/order-listing.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import { loadOrderService } from '../load-order-service.js';
import { toProtoOrder } from '../order-mapping.js';
import { encodeListedOrder } from './encode-listed-order.js';
import { findUnsendableOrderReason } from './find-unsendable-order-reason.js';
import { maxSendMessageBytes } from './grpc-message-limits.js';

/** A GetOrders message: already encoded, or an `Order` for grpc-js to encode (a document the encoder leaves to toProtoOrder). */
export type OrderMessage = Buffer | Order;

/**
 * A listed order's message: its bytes encoded straight from BSON, or mapped the general way.
 * Throws, saying why, for a stored order that has no `Order` message (findUnsendableOrderReason).
 */
export function toOrderMessage(bson: ListedOrderBson): OrderMessage {
  const encoded = encodeListedOrder(bson);
  if (encoded !== undefined) return encoded;
  const order = decodeListedOrder(bson);
  const reason = findUnsendableOrderReason(order);
  if (reason !== undefined) throw new Error(reason);
  return toProtoOrder(order);
}

/**
 * A listed order's message bytes, or why this one cannot be sent (no faithful message, or one
 * over the maximum a message may be): one malformed order written straight into MongoDB is
 * skipped, never the end of every client's listing.
 */
export function toSendableOrderMessage(bson: ListedOrderBson): { bytes: Buffer } | { reason: string } {
  let bytes: Buffer;
  try {
    const message = toOrderMessage(bson);
    bytes = Buffer.isBuffer(message) ? message : serializeOrder(message);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  if (bytes.length > maxSendMessageBytes)
    return { reason: `its message is ${bytes.length} bytes, over the ${maxSendMessageBytes} a message may be` };
  return { bytes };
}

function serializeOrder(order: Order): Buffer {
  return loadOrderService().proto.rtlab.orders.v1.OrderService.service.GetOrders.responseSerialize(order);
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
