import { describe, expect, it } from 'vitest';
import { toIssueKey, toNewOrder } from './to-new-order.js';

describe('toNewOrder', () => {
  it('sends prices as cents, whether written with a point or a comma', () => {
    const draft = toNewOrder({
      customerEmail: ' ana@example.com ',
      currency: 'usd',
      items: [
        { sku: 'CB-01', name: 'Cable', quantity: '3', price: '7.99' },
        { sku: 'MS-02', name: 'Mouse', quantity: '1', price: '19,9' },
      ],
    });
    expect(draft).toEqual({
      ok: true,
      order: {
        customerEmail: 'ana@example.com',
        currency: 'USD',
        items: [
          { sku: 'CB-01', name: 'Cable', quantity: 3, unitPriceCents: 799 },
          { sku: 'MS-02', name: 'Mouse', quantity: 1, unitPriceCents: 1990 },
        ],
      },
    });
  });

  it('leaves what the server validates to the server, and refuses only what is not a number', () => {
    const zero = toNewOrder({
      customerEmail: 'nope',
      currency: 'US',
      items: [{ sku: '', name: '', quantity: '0', price: '-1' }],
    });
    expect(zero.ok).toBe(true);
    const typed = toNewOrder({
      customerEmail: 'a@b.c',
      currency: 'USD',
      items: [{ sku: 'A', name: 'B', quantity: 'dos', price: '' }],
    });
    expect(typed).toEqual({
      ok: false,
      issues: new Map([
        ['items[0].quantity', 'escribí un número entero, como 2'],
        ['items[0].unit_price_cents', 'escribí un importe, como 7.99'],
      ]),
    });
  });
});

describe('toIssueKey', () => {
  it("keys the server's and the bridge's paths alike", () => {
    expect(toIssueKey('items[1].unit_price_cents')).toBe('items[1].unit_price_cents');
    expect(toIssueKey('items.1.unitPriceCents')).toBe('items[1].unit_price_cents');
    expect(toIssueKey('customerEmail')).toBe('customer_email');
  });
});
