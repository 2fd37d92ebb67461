import type { OrderDocument } from '../../../mongo/lab-documents.js';

/** google.protobuf.Timestamp's range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, in milliseconds. */
export const minTimestampMs = -62_135_596_800_000;
export const maxTimestampMs = 253_402_300_799_999;

/**
 * Why a stored order cannot be said as an `Order` message, or undefined when it can. The lab
 * writes only well-formed orders, but anyone can write straight into MongoDB: an order whose
 * items are not a list of objects, or whose dates are missing, not dates or outside what a
 * Timestamp can hold, has no faithful message (toProtoOrder would throw or send a Timestamp
 * clients refuse). Other fields of an odd type are said the general way (toProtoOrder).
 */
export function findUnsendableOrderReason(order: Partial<Omit<OrderDocument, 'history'>>): string | undefined {
  const items: unknown = order.items;
  if (!Array.isArray(items)) return `items is ${describe(items)}, not a list`;
  const badItem = items.findIndex((item) => item === null || typeof item !== 'object' || Array.isArray(item));
  if (badItem >= 0) return `items[${badItem}] is ${describe(items[badItem])}, not an item`;
  for (const field of ['createdAt', 'updatedAt'] as const) {
    const value: unknown = order[field];
    if (!(value instanceof Date)) return `${field} is ${describe(value)}, not a date`;
    const ms = value.getTime();
    if (!(ms >= minTimestampMs && ms <= maxTimestampMs))
      return `${field} is ${Number.isNaN(ms) ? 'an invalid date' : `${ms} ms`}, outside a Timestamp's range (years 1 to 9999)`;
  }
  return undefined;
}

/** A value's kind, for the reason (never the value itself: it may be megabytes). */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
