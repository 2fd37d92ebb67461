import type { OrderChangeJson, OrderJson } from '../../services/grpc/client/to-order-json.js';

/** `USD 39.98`: cents are exact, so the amount is printed from them, never through a float sum. */
export function formatMoney(cents: number, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(cents);
  return `${currency} ${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/** One line per order, for a terminal: id, status, customer, total, items, where it came from. */
export function describeOrder(order: OrderJson): string {
  const items = order.items.map((item) => `${item.quantity}× ${item.sku}`).join(', ');
  return `${order.id}  ${order.status.padEnd(9)}  ${order.customerEmail}  ${formatMoney(order.totalCents, order.currency)}  [${items}]  ${order.source} ${order.createdAt ?? ''}`.trimEnd();
}

export function describeChange(change: OrderChangeJson): string {
  const customer = change.order === null ? '' : `  ${change.order.customerEmail}`;
  return `${change.at ?? ''}  ${change.orderId} → ${change.status} (${change.source})${customer}`.trimStart();
}
