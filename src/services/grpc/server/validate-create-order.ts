import { z } from 'zod';
import type { CreateOrderRequest__Output } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { FieldViolation } from './encode-status-details.js';

/** A CreateOrderRequest that passed validation: prices as safe integers of cents. */
export interface ValidOrderRequest {
  readonly customerEmail: string;
  readonly customerName: string;
  readonly currency: string;
  readonly items: ReadonlyArray<{ sku: string; name: string; quantity: number; unitPriceCents: number }>;
}

export type OrderRequestValidation =
  | { readonly ok: true; readonly order: ValidOrderRequest }
  | { readonly ok: false; readonly violations: readonly FieldViolation[] };

/**
 * Bounds that keep every total an exact integer (100 items × 1,000,000 × 10^11 cents stays under
 * 2^53) and an order far below MongoDB's document limit.
 */
const maxItems = 100;
const maxQuantity = 1_000_000;
const maxUnitPriceCents = 100_000_000_000;

const email = z.email();

/** Every problem of a request, field by field (proto field names, as clients write them). */
export function validateCreateOrder(request: CreateOrderRequest__Output): OrderRequestValidation {
  const violations: FieldViolation[] = [];
  const problem = (field: string, description: string) => violations.push({ field, description });
  const customerEmail = request.customerEmail.trim();
  if (customerEmail === '') problem('customer_email', 'is required');
  else if (customerEmail.length > 254 || !email.safeParse(customerEmail).success)
    problem('customer_email', `must be an email address, got ${JSON.stringify(customerEmail.slice(0, 60))}`);
  const customerName = request.customerName.trim() || customerEmail.split('@')[0] || '';
  if (customerName.length > 200) problem('customer_name', 'must be at most 200 characters');
  if (!/^[A-Z]{3}$/.test(request.currency))
    problem(
      'currency',
      `must be an ISO 4217 code of three capital letters (USD), got ${JSON.stringify(request.currency.slice(0, 10))}`,
    );
  if (request.items.length === 0) problem('items', 'must contain at least one item');
  if (request.items.length > maxItems) problem('items', `must contain at most ${maxItems} items`);
  const items = request.items.slice(0, maxItems).map((item, index) => {
    const at = `items[${index}]`;
    if (item.sku.trim() === '' || item.sku.length > 100) problem(`${at}.sku`, 'must be 1 to 100 characters');
    if (item.name.trim() === '' || item.name.length > 200) problem(`${at}.name`, 'must be 1 to 200 characters');
    if (item.quantity <= 0) problem(`${at}.quantity`, `must be greater than 0, got ${item.quantity}`);
    else if (item.quantity > maxQuantity) problem(`${at}.quantity`, `must be at most ${maxQuantity}`);
    const unitPriceCents = Number(item.unitPriceCents);
    if (unitPriceCents < 0) problem(`${at}.unit_price_cents`, `must not be negative, got ${item.unitPriceCents}`);
    else if (unitPriceCents > maxUnitPriceCents)
      problem(`${at}.unit_price_cents`, `must be at most ${maxUnitPriceCents}`);
    return { sku: item.sku.trim(), name: item.name.trim(), quantity: item.quantity, unitPriceCents };
  });
  if (violations.length > 0) return { ok: false, violations };
  return { ok: true, order: { customerEmail, customerName, currency: request.currency, items } };
}
