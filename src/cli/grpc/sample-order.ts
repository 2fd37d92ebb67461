import { createHash, randomInt } from 'node:crypto';
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
 * small catalog, so that a learner running it twice sees two different orders. With a `seed`
 * (the call's idempotency key) the choice follows from it, so that running the command again
 * with the same key sends the same order, and gets the one the first run created.
 */
export function buildSampleOrder(seed?: string): { customerEmail: string; customerName: string; items: ItemFlag[] } {
  const digest = seed === undefined ? undefined : createHash('sha256').update(seed).digest();
  const pick = (max: number, byte: number) => (digest === undefined ? randomInt(max) : digest[byte]! % max);
  const customer = customers[pick(customers.length, 0)]!;
  const first = pick(catalog.length, 1);
  const items = [catalog[first]!];
  if (pick(2, 2) === 1) items.push(catalog[(first + 1 + pick(catalog.length - 1, 3)) % catalog.length]!);
  return { customerEmail: customer.email, customerName: customer.name, items };
}
