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
