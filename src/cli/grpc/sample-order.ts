import { randomInt } from 'node:crypto';
import type { ItemFlag } from './parse-order-flags.js';

const customers = [
  { name: 'Ana García', email: 'ana.garcia@example.com' },
  { name: 'Bruno Díaz', email: 'bruno.diaz@example.com' },
  { name: 'Carla Méndez', email: 'carla.mendez@example.com' },
  { name: 'Diego Fernández', email: 'diego.fernandez@example.com' },
];

const catalog: readonly ItemFlag[] = [
  { sku: 'KB-MECH-01', name: 'Mechanical keyboard', quantity: 1, unitPriceCents: 8900 },
  { sku: 'MS-WL-02', name: 'Wireless mouse', quantity: 1, unitPriceCents: 2999 },
  { sku: 'HD-USB-C', name: 'USB-C hub', quantity: 1, unitPriceCents: 4550 },
  { sku: 'CB-CAT6-3M', name: 'Ethernet cable, 3 m', quantity: 2, unitPriceCents: 799 },
  { sku: 'MN-27-4K', name: '27" 4K monitor', quantity: 1, unitPriceCents: 32900 },
];

/**
 * What the seed's one-shot grpc-client sends: a plausible customer and one or two items of a
 * small catalog, so that a learner running it twice sees two different orders.
 */
export function buildSampleOrder(): { customerEmail: string; customerName: string; items: ItemFlag[] } {
  const customer = customers[randomInt(customers.length)]!;
  const first = randomInt(catalog.length);
  const items = [catalog[first]!];
  if (randomInt(2) === 1) items.push(catalog[(first + 1 + randomInt(catalog.length - 1)) % catalog.length]!);
  return { customerEmail: customer.email, customerName: customer.name, items };
}
