import { z } from 'zod';
import type { CreateOrderRequest } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';

/**
 * A CreateOrderRequest written as JSON (a line of an import file, the bridge's POST body), in
 * proto3's JSON names (`customerEmail`) or the .proto's (`customer_email`). Only the shape is
 * checked here (a string where a string goes, a list of items): whether the values are valid is
 * the server's to say, field by field, for every client alike.
 */
// Out of range, protobufjs would wrap the number silently (4294967297 is sent as 1): refused here.
const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const item = z.object({
  sku: z.string().default(''),
  name: z.string().default(''),
  quantity: z
    .number()
    .int()
    .min(int32.min, { error: `must be a 32-bit integer (at least ${int32.min})` })
    .max(int32.max, { error: `must be a 32-bit integer (at most ${int32.max})` })
    .default(0),
  // Whole cents as a number or, as proto3 JSON writes int64, a string of digits.
  unitPriceCents: z
    .union([z.number().int(), z.string().regex(/^-?\d{1,20}$/)])
    .default(0)
    .transform(String)
    .refine((cents) => BigInt(cents) >= int64.min && BigInt(cents) <= int64.max, {
      error: `must be a 64-bit integer (${int64.min} to ${int64.max})`,
    }),
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

/**
 * `customer_email` → `customerEmail`, in the request and in each of its items: the only two
 * levels a CreateOrderRequest has. Deliberately not recursive: a body of 20,000 nested arrays
 * (64 kB of `[`) would overflow the stack; at these two levels it is refused by the schema.
 */
function toCamelCaseKeys(value: unknown): unknown {
  if (!isObject(value)) return value;
  const request = toCamelCaseObject(value);
  const items = request['items'];
  if (!Array.isArray(items)) return request;
  return { ...request, items: items.map((item: unknown) => (isObject(item) ? toCamelCaseObject(item) : item)) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toCamelCaseObject(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      inner,
    ]),
  );
}
