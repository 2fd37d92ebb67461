import { z } from 'zod';
import { identifierSchema } from '../../visible-text-schema.js';
import type { CreateOrderRequest__Output } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { FieldViolation } from './encode-status-details.js';
import { toFieldViolations } from './to-field-violations.js';

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

/** Bounds per item: an order stays far below MongoDB's document limit. */
const maxItems = 100;
const maxQuantity = 1_000_000;
const maxUnitPriceCents = 100_000_000_000;
/**
 * The largest total, in cents. The per-item bounds alone allow 10^19 (past int64 and far past
 * 2^53, where doubles stop counting cents), so the total is bounded itself, computed exactly.
 * 10^15 rather than Number.MAX_SAFE_INTEGER: the stored amount is cents / 100 as a double, and
 * only below about 2^51 cents does it read back as the same cents (toCents).
 */
const maxTotalCents = 10n ** 15n;

const email = z.email();
// The rule ChatOrders and the ws chat apply to names: visible, one line, no control or format
// character (an ESC clears a terminal that prints the order, a bidi override reverses a name).
const emailText = identifierSchema('customer_email', 254);
const customerNameSchema = identifierSchema('customer_name', 200);
const skuSchema = identifierSchema('sku', 100);
const itemNameSchema = identifierSchema('name', 200);

/** Every problem of a request, field by field (proto field names, as clients write them). */
export function validateCreateOrder(request: CreateOrderRequest__Output): OrderRequestValidation {
  const violations: FieldViolation[] = [];
  const problem = (field: string, description: string) => violations.push({ field, description });
  const customerEmail = request.customerEmail.trim();
  const emailShape = toFieldViolations('customer_email', emailText.safeParse(customerEmail));
  if (customerEmail === '') problem('customer_email', 'is required');
  else if (emailShape.length > 0) violations.push(...emailShape);
  else if (!email.safeParse(customerEmail).success)
    problem('customer_email', `must be an email address, got ${JSON.stringify(customerEmail.slice(0, 60))}`);
  const customerName = request.customerName.trim() || customerEmail.split('@')[0] || '';
  if (request.customerName.trim() !== '')
    violations.push(...toFieldViolations('customer_name', customerNameSchema.safeParse(request.customerName)));
  if (!/^[A-Z]{3}$/.test(request.currency))
    problem(
      'currency',
      `must be an ISO 4217 code of three capital letters (USD), got ${JSON.stringify(request.currency.slice(0, 10))}`,
    );
  if (request.items.length === 0) problem('items', 'must contain at least one item');
  if (request.items.length > maxItems) problem('items', `must contain at most ${maxItems} items`);
  let totalCents = 0n;
  const items = request.items.slice(0, maxItems).map((item, index) => {
    const at = `items[${index}]`;
    violations.push(...toFieldViolations(`${at}.sku`, skuSchema.safeParse(item.sku), 'sku'));
    violations.push(...toFieldViolations(`${at}.name`, itemNameSchema.safeParse(item.name), 'name'));
    if (item.quantity <= 0) problem(`${at}.quantity`, `must be greater than 0, got ${item.quantity}`);
    else if (item.quantity > maxQuantity) problem(`${at}.quantity`, `must be at most ${maxQuantity}`);
    const unitPriceCents = Number(item.unitPriceCents);
    if (unitPriceCents < 0) problem(`${at}.unit_price_cents`, `must not be negative, got ${item.unitPriceCents}`);
    else if (unitPriceCents > maxUnitPriceCents)
      problem(`${at}.unit_price_cents`, `must be at most ${maxUnitPriceCents}`);
    else if (item.quantity > 0) totalCents += BigInt(item.quantity) * BigInt(item.unitPriceCents);
    return { sku: item.sku.trim(), name: item.name.trim(), quantity: item.quantity, unitPriceCents };
  });
  if (totalCents > maxTotalCents)
    problem('items', `must total at most ${maxTotalCents} cents (quantity × unit_price_cents), got ${totalCents}`);
  if (violations.length > 0) return { ok: false, violations };
  return { ok: true, order: { customerEmail, customerName, currency: request.currency, items } };
}
