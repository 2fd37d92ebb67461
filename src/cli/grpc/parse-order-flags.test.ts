import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { parseItemFlag, parseStatusArgument, parseTargetFlag } from './parse-order-flags.js';

describe('rtlab grpc flags', () => {
  it('reads --item sku:qty:price[:name] with the price in currency units, exactly in cents', () => {
    expect(parseItemFlag('KB-01:2:49.90')).toEqual({ sku: 'KB-01', name: 'KB-01', quantity: 2, unitPriceCents: 4990 });
    expect(parseItemFlag('A:1:0.5:Tea: green')).toEqual({
      sku: 'A',
      name: 'Tea: green',
      quantity: 1,
      unitPriceCents: 50,
    });
    expect(parseItemFlag('B:3:19.99').unitPriceCents).toBe(1999);
    expect(parseItemFlag('C:1:7').unitPriceCents).toBe(700);
    // Zero passes here: whether it is allowed is the server's to say, with the field named.
    expect(parseItemFlag('D:0:1.00').quantity).toBe(0);
    for (const bad of ['bad', 'A:two:1.00', 'A:1:1.999', 'A:1:-1', ':1:1.00', 'A:1:1e3'])
      expect(() => parseItemFlag(bad)).toThrow(UsageError);
  });

  it('refuses a quantity past int32 or a price past exact cents instead of sending a wrapped number', () => {
    expect(() => parseItemFlag('A:4294967297:1.00')).toThrow(/quantity must be at most 2147483647/);
    expect(() => parseItemFlag('A:2147483648:1.00')).toThrow(UsageError);
    expect(parseItemFlag('A:2147483647:1.00').quantity).toBe(2147483647);
    expect(() => parseItemFlag('A:1:99999999999999999')).toThrow(/too large to count in cents/);
  });

  it('takes a status in any case and names the choices otherwise', () => {
    expect(parseStatusArgument('paid')).toBe('PAID');
    expect(parseStatusArgument(' Cancelled ')).toBe('CANCELLED');
    expect(() => parseStatusArgument('lost')).toThrow(/not an order status/);
  });

  it('takes --target as host:port', () => {
    expect(parseTargetFlag('127.0.0.1:50051')).toBe('127.0.0.1:50051');
    expect(parseTargetFlag('grpc-server:50051')).toBe('grpc-server:50051');
    expect(parseTargetFlag('[::1]:50051')).toBe('[::1]:50051');
    for (const bad of ['127.0.0.1', 'http://x:1', 'x:70000', 'a b:1'])
      expect(() => parseTargetFlag(bad)).toThrow(UsageError);
  });
});
