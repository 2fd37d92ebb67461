import type { OrderChangeJson, OrderJson } from '../../services/grpc/client/to-order-json.js';
import { toLocalTime } from '../to-local-time.js';

/** `USD 39.98`: cents are exact, so the amount is printed from them, never through a float sum. */
export function formatMoney(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(cents);
  return `${currency} ${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/**
 * Orders arrive one by one from a stream, so the columns cannot be measured first: fixed widths
 * for what has a bounded width (ids are `ord_` and 12 hex digits), the variable ones last.
 */
const columns = [
  ['ID', 16],
  ['STATUS', 9],
  ['CREATED', 16],
  ['SOURCE', 7],
  ['TOTAL', 14],
  ['CUSTOMER', 28],
  ['ITEMS', 0],
] as const;

function toRow(cells: readonly string[]): string {
  return cells
    .map((cell, index) => cell.padEnd(columns[index]![1]))
    .join('  ')
    .trimEnd();
}

/** The header row of `describeOrder`'s lines. */
export const orderTableHeader = toRow(columns.map(([name]) => name));

/** One line per order, for a terminal, under `orderTableHeader`. */
export function describeOrder(order: OrderJson): string {
  const items = order.items.map((item) => `${item.quantity}× ${item.sku}`).join(', ');
  const created = order.createdAt === null ? '' : toLocalTime(new Date(order.createdAt));
  return toRow([
    order.id,
    order.status,
    created,
    order.source,
    formatMoney(order.totalCents, order.currency),
    order.customerEmail,
    items,
  ]);
}

export function describeChange(change: OrderChangeJson): string {
  const customer = change.order === null ? '' : `  ${change.order.customerEmail}`;
  return `${change.at ?? ''}  ${change.orderId} → ${change.status} (${change.source})${customer}`.trimStart();
}
