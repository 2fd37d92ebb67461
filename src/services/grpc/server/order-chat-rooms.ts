import type { OrderChatMessage } from '../generated/rtlab/orders/v1/OrderChatMessage.js';

export type ChatDelivery = (message: OrderChatMessage) => void;

/** The ChatOrders streams open on each order, in this server. */
export interface OrderChatRooms {
  /** Adds a stream to an order's conversation (once, however often it joins). */
  join(orderId: string, deliver: ChatDelivery): void;
  /** Removes a stream from every conversation it joined. */
  leave(deliver: ChatDelivery): void;
  /** Hands a stored message to every stream on its order. */
  deliver(orderId: string, message: OrderChatMessage): void;
}

/**
 * An in-memory index of open streams by order. The messages themselves are stored in MongoDB
 * first; only the streams, which belong to this process anyway, are held here.
 */
export function createOrderChatRooms(): OrderChatRooms {
  const rooms = new Map<string, Set<ChatDelivery>>();
  return {
    join(orderId, deliver) {
      let room = rooms.get(orderId);
      if (room === undefined) rooms.set(orderId, (room = new Set()));
      room.add(deliver);
    },
    leave(deliver) {
      for (const [orderId, room] of rooms) {
        room.delete(deliver);
        if (room.size === 0) rooms.delete(orderId);
      }
    },
    deliver(orderId, message) {
      for (const deliver of rooms.get(orderId) ?? []) deliver(message);
    },
  };
}
