import type { Timestamp__Output } from '../generated/google/protobuf/Timestamp.js';
import type { Order__Output } from '../generated/rtlab/orders/v1/Order.js';
import type { OrderChange__Output } from '../generated/rtlab/orders/v1/OrderChange.js';
import type { OrderChatMessage__Output } from '../generated/rtlab/orders/v1/OrderChatMessage.js';

/** An order as the CLI prints it and the bridge answers it: proto3's JSON names, cents as numbers, ISO times. */
export interface OrderJson {
  readonly id: string;
  readonly customerEmail: string;
  readonly customerName: string;
  readonly items: ReadonlyArray<{ sku: string; name: string; quantity: number; unitPriceCents: number }>;
  readonly totalCents: number;
  readonly currency: string;
  readonly status: string;
  readonly source: string;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

export interface OrderChangeJson {
  readonly orderId: string;
  readonly status: string;
  readonly source: string;
  readonly eventId: string;
  readonly at: string | null;
  readonly order: OrderJson | null;
}

export interface OrderChatMessageJson {
  readonly orderId: string;
  readonly author: string;
  readonly text: string;
  readonly sentAt: string | null;
}

/**
 * int64 travels as a string (proto-loader's `longs: String`); amounts of cents stay below 2^53
 * (the server bounds them), so a JSON number is exact and what a reader of `totalCents` expects.
 */
export function toOrderJson(order: Order__Output): OrderJson {
  return {
    id: order.id,
    customerEmail: order.customerEmail,
    customerName: order.customerName,
    items: order.items.map((item) => ({
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unitPriceCents: Number(item.unitPriceCents),
    })),
    totalCents: Number(order.totalCents),
    currency: order.currency,
    status: order.status,
    source: order.source,
    createdAt: toIsoTime(order.createdAt),
    updatedAt: toIsoTime(order.updatedAt),
  };
}

export function toOrderChangeJson(change: OrderChange__Output): OrderChangeJson {
  return {
    orderId: change.orderId,
    status: change.status,
    source: change.source,
    eventId: change.eventId,
    at: toIsoTime(change.at),
    order: change.order === null ? null : toOrderJson(change.order),
  };
}

export function toChatMessageJson(message: OrderChatMessage__Output): OrderChatMessageJson {
  return { orderId: message.orderId, author: message.author, text: message.text, sentAt: toIsoTime(message.sentAt) };
}

function toIsoTime(time: Timestamp__Output | null): string | null {
  if (time === null) return null;
  return new Date(Number(time.seconds) * 1000 + Math.floor(time.nanos / 1_000_000)).toISOString();
}
