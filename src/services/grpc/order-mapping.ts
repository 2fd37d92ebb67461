import type { OrderSource, OrderStatus } from '../../lab-events.js';
import type { OrderDocument, OrderItem } from '../../mongo/lab-documents.js';
import type { Order } from './generated/rtlab/orders/v1/Order.js';
import type { OrderItem__Output } from './generated/rtlab/orders/v1/OrderItem.js';
import type { OrderSource__Output } from './generated/rtlab/orders/v1/OrderSource.js';
import type { OrderStatus__Output } from './generated/rtlab/orders/v1/OrderStatus.js';
import type { Timestamp } from './generated/google/protobuf/Timestamp.js';

/**
 * The one place where the stored order (amounts in currency units, as the webhooks domain stores
 * them: `unitPrice: 19.99`, `total`) meets the wire's (integer cents as int64 strings, enum
 * names, Timestamps). Cents are exact; the stored amount is their value divided by 100.
 */

const storedStatus: Readonly<Record<OrderStatus, OrderStatus__Output>> = {
  created: 'CREATED',
  paid: 'PAID',
  shipped: 'SHIPPED',
  cancelled: 'CANCELLED',
};

const storedSource: Readonly<Record<OrderSource, OrderSource__Output>> = {
  webhook: 'WEBHOOK',
  grpc: 'GRPC',
  http: 'HTTP',
  cli: 'CLI',
};

/** A stored status as the proto names it. */
export function toProtoStatus(status: OrderStatus): OrderStatus__Output {
  return storedStatus[status];
}

export function toProtoSource(source: OrderSource): OrderSource__Output {
  return storedSource[source] ?? 'ORDER_SOURCE_UNSPECIFIED';
}

/** A proto status as stored, undefined for ORDER_STATUS_UNSPECIFIED or a value this server does not know. */
export function toStoredStatus(status: unknown): OrderStatus | undefined {
  return (Object.keys(storedStatus) as OrderStatus[]).find((stored) => storedStatus[stored] === status);
}

/** Integer cents → the stored amount (1999 → 19.99). */
export function toAmount(cents: number): number {
  return cents / 100;
}

/** A stored amount → integer cents (19.99 → 1999): rounded, since 19.99 * 100 is 1998.9999999999998. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/**
 * int64 fields (seconds here, cents below) are given as numbers, exact below 2^53: protobufjs
 * encodes a number directly but parses a string digit by digit, for every field of every message.
 */
export function toTimestamp(date: Date): Timestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** Validated request items (cents as numbers) → stored items. */
export function toStoredItems(
  items: ReadonlyArray<Pick<OrderItem__Output, 'sku' | 'name' | 'quantity'> & { unitPriceCents: number }>,
): OrderItem[] {
  return items.map((item) => ({
    sku: item.sku,
    name: item.name,
    quantity: item.quantity,
    unitPrice: toAmount(item.unitPriceCents),
  }));
}

/** The total of items priced in cents, in cents (exact: integers). */
export function toTotalCents(items: ReadonlyArray<{ quantity: number; unitPriceCents: number }>): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
}

/** A stored order as the proto's `Order`, whichever domain created it (its history is not part of it). */
export function toProtoOrder(order: Omit<OrderDocument, 'history'>): Order {
  return {
    id: order.orderId,
    customerEmail: order.customerEmail,
    customerName: order.customerName,
    items: order.items.map((item) => ({
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unitPriceCents: toCents(item.unitPrice),
    })),
    totalCents: toCents(order.total),
    currency: order.currency,
    status: toProtoStatus(order.status),
    source: toProtoSource(order.source),
    createdAt: toTimestamp(order.createdAt),
    updatedAt: toTimestamp(order.updatedAt),
  };
}
