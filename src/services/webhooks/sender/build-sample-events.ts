import { randomBytes } from 'node:crypto';

/** What the sender delivers: the body of a webhook. */
export interface OutgoingEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: string;
}

const customers = [
  { email: 'lucia.fernandez@example.com', name: 'Lucía Fernández' },
  { email: 'mateo.gomez@example.com', name: 'Mateo Gómez' },
  { email: 'valentina.ruiz@example.com', name: 'Valentina Ruiz' },
  { email: 'santiago.diaz@example.com', name: 'Santiago Díaz' },
  { email: 'camila.torres@example.com', name: 'Camila Torres' },
];
const catalogue = [
  { sku: 'KB-MECH-01', name: 'Mechanical keyboard', unitPrice: 89.9 },
  { sku: 'MS-WL-02', name: 'Wireless mouse', unitPrice: 24.5 },
  { sku: 'HD-USB-03', name: 'USB-C hub', unitPrice: 39 },
  { sku: 'MN-27-04', name: '27" monitor', unitPrice: 249 },
  { sku: 'CB-HDMI-05', name: 'HDMI cable', unitPrice: 9.99 },
];

/**
 * Realistic events like a shop would send: `order.created` with a different customer and items
 * each time; other types carry the order they are about.
 */
export function buildSampleEvents(
  count: number,
  type = 'order.created',
  orderId?: string,
  now = new Date(),
): OutgoingEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const id = orderId ?? `ord_${randomBytes(6).toString('hex')}`;
    if (type !== 'order.created') return { type, data: { orderId: id }, createdAt: now.toISOString() };
    const customer = customers[(now.getSeconds() + index) % customers.length]!;
    const items = [0, 1].slice(0, 1 + (index % 2)).map((offset) => {
      const product = catalogue[(index * 2 + offset + now.getMinutes()) % catalogue.length]!;
      return { ...product, quantity: 1 + ((index + offset) % 3) };
    });
    return { type, data: { orderId: id, customer, items, currency: 'EUR' }, createdAt: now.toISOString() };
  });
}
