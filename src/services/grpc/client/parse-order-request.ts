import { z } from 'zod';
import type { CreateOrderRequest } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';

/**
 * A CreateOrderRequest written as JSON (a line of an import file, the bridge's POST body), in
 * proto3's JSON names (`customerEmail`) or the .proto's (`customer_email`). Only the shape is
 * checked here (a string where a string goes, a list of items): whether the values are valid is
 * the server's to say, field by field, for every client alike.
 */
const item = z.object({
  sku: z.string().default(''),
  name: z.string().default(''),
  quantity: z.number().int().default(0),
  // Whole cents as a number or, as proto3 JSON writes int64, a string of digits.
  unitPriceCents: z
    .union([z.number().int(), z.string().regex(/^-?\d+$/)])
    .default(0)
    .transform(String),
});
const request = z.object({
  customerEmail: z.string().default(''),
  customerName: z.string().default(''),
  currency: z.string().default(''),
  items: z.array(item).default([]),
});

export type OrderRequestParse =
  | { readonly ok: true; readonly request: CreateOrderRequest }
  | { readonly ok: false; readonly issues: ReadonlyArray<{ path: string; message: string }> };

export function parseOrderRequest(value: unknown): OrderRequestParse {
  const parsed = request.safeParse(toCamelCaseKeys(value));
  if (parsed.success) return { ok: true, request: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
  };
}

/** `customer_email` → `customerEmail`, in objects and arrays at any depth. */
function toCamelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCamelCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      toCamelCaseKeys(inner),
    ]),
  );
}
