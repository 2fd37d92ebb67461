import { describe, expect, it } from 'vitest';
import { parseOrderRequest } from './parse-order-request.js';

describe('parseOrderRequest', () => {
  it('takes proto3 JSON names or the .proto’s, cents as numbers or int64 strings', () => {
    const camel = parseOrderRequest({
      customerEmail: 'a@example.com',
      currency: 'USD',
      items: [{ sku: 'A', name: 'A', quantity: 2, unitPriceCents: 150 }],
    });
    const snake = parseOrderRequest({
      customer_email: 'a@example.com',
      currency: 'USD',
      items: [{ sku: 'A', name: 'A', quantity: 2, unit_price_cents: '150' }],
    });
    expect(camel).toEqual(snake);
    expect(camel).toMatchObject({ ok: true, request: { items: [{ unitPriceCents: '150' }] } });
  });

  it('leaves the values to the server but refuses a shape that cannot be sent', () => {
    expect(parseOrderRequest({ customerEmail: 'not an email', items: [] })).toMatchObject({ ok: true });
    expect(parseOrderRequest({ items: 'three' })).toMatchObject({ ok: false, issues: [{ path: 'items' }] });
    expect(parseOrderRequest({ items: [{ quantity: 1.5 }] })).toMatchObject({
      ok: false,
      issues: [{ path: 'items.0.quantity' }],
    });
    expect(parseOrderRequest([1, 2])).toMatchObject({ ok: false });
  });
});

describe('parseOrderRequest refuses what protobufjs would silently change', () => {
  it('a quantity outside int32 (4294967297 would be sent as 1) or a price outside int64, naming the field', () => {
    const order = (item: Record<string, unknown>) =>
      parseOrderRequest({ customerEmail: 'a@example.com', currency: 'USD', items: [{ sku: 'A', name: 'A', ...item }] });
    expect(order({ quantity: 4294967297, unitPriceCents: 1 })).toMatchObject({
      ok: false,
      issues: [{ path: 'items.0.quantity', message: 'must be a 32-bit integer (at most 2147483647)' }],
    });
    expect(order({ quantity: 2147483648, unitPriceCents: 1 })).toMatchObject({
      ok: false,
      issues: [{ path: 'items.0.quantity' }],
    });
    expect(order({ quantity: 2147483647, unitPriceCents: '9223372036854775807' })).toMatchObject({ ok: true });
    expect(order({ quantity: 1, unitPriceCents: '9223372036854775808' })).toMatchObject({
      ok: false,
      issues: [{ path: 'items.0.unitPriceCents' }],
    });
  });

  it('a deeply nested body is an invalid shape, not a stack overflow', () => {
    const nested = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    expect(parseOrderRequest(nested)).toMatchObject({ ok: false });
    expect(parseOrderRequest({ customer_email: 'a@example.com', items: nested })).toMatchObject({ ok: false });
    expect(parseOrderRequest({ items: [{ sku: nested }] })).toMatchObject({
      ok: false,
      issues: [{ path: 'items.0.sku' }],
    });
  });
});
