import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import { collect, failure, unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab } from './grpc-server-lab.js';
import { storedOrders } from './sample-orders.js';

/**
 * Orders written straight into MongoDB in shapes no `Order` message can say, each with the reason
 * GetOrders logs for it (the adversarial pass's instances: each ended every client's listing).
 */
const hostile: ReadonlyArray<readonly [string, Record<string, unknown>, RegExp]> = [
  ['ord_h_items_string', { items: 'x' }, /items is a string, not a list/],
  ['ord_h_items_null', { items: [1, null] }, /items\[0\] is a number, not an item/],
  ['ord_h_items_missing', { items: undefined }, /items is missing/],
  ['ord_h_created_string', { createdAt: 'yesterday' }, /createdAt is a string, not a date/],
  ['ord_h_created_null', { createdAt: null }, /createdAt is null, not a date/],
  ['ord_h_created_missing', { createdAt: undefined }, /createdAt is missing/],
  ['ord_h_created_9999', { createdAt: new Date(8.64e15) }, /createdAt is 8640000000000000 ms, outside/],
  ['ord_h_updated_missing', { updatedAt: undefined }, /updatedAt is missing/],
  ['ord_h_updated_year0', { updatedAt: new Date(-62135596800001) }, /updatedAt .* outside a Timestamp's range/],
  ['ord_h_name_6mb', { customerName: 'é'.repeat(3_000_000) }, /over the 4194304 a message may be/],
];
const hugeId = `ord_h_${'x'.repeat(8 * 1024 * 1024)}`;

describe('GetOrders and GetOrder with malformed orders stored straight into MongoDB', () => {
  const start = useGrpcServerLab();

  it('skips each with one warning naming it, streams every good order and ends OK; GetOrder answers DATA_LOSS', async () => {
    const lab = await start();
    const orders = lab.connection.db.collection('orders');
    const good = storedOrders(3);
    await orders.insertMany(good);
    const [base] = storedOrders(1);
    for (const [orderId, change] of hostile) {
      const document: Record<string, unknown> = { ...base, orderId, ...change };
      for (const key of Object.keys(change)) if (change[key] === undefined) delete document[key];
      await orders.insertOne(document);
    }
    await orders.insertOne({ ...base, orderId: hugeId });
    const client = lab.client();

    const listed = await collect<Order__Output>(client.getOrders({ limit: 1000 }, bearer()));
    expect(listed.error).toBeUndefined();
    expect(listed.messages.map((order) => order.id).sort()).toEqual(good.map((order) => order.orderId).sort());

    const logs = await lab.logMessages();
    const skipped = logs.filter((line) => line.message === 'GetOrders skipped a stored order it cannot send');
    expect(skipped).toHaveLength(hostile.length + 1);
    for (const [orderId, , reason] of hostile)
      expect(skipped.find((line) => line['orderId'] === orderId)?.['reason'], orderId).toMatch(reason);
    const huge = skipped.find((line) => String(line['orderId']).startsWith('ord_h_xxx'));
    expect(huge?.['reason']).toMatch(/over the 4194304 a message may be/);
    expect(String(huge?.['orderId'])).toHaveLength(100);
    expect(skipped.every((line) => typeof line['_id'] === 'string' && line['_id'] !== 'unreadable')).toBe(true);
    expect(logs.filter((line) => line.message === 'GetOrders streaming response')).toEqual([
      expect.objectContaining({ count: 3, skipped: hostile.length + 1 }),
    ]);

    const corrupt = await failure(unary((done) => client.getOrder({ id: 'ord_h_items_string' }, bearer(), done)));
    expect(corrupt.code).toBe(status.DATA_LOSS);
    expect(corrupt.details).toBe(
      'Order ord_h_items_string is stored corrupted (items is a string, not a list); it cannot be returned',
    );
    const late = await failure(unary((done) => client.getOrder({ id: 'ord_h_created_9999' }, bearer(), done)));
    expect(late.code).toBe(status.DATA_LOSS);
    // The server keeps serving: a good order still reads.
    const one = await unary<Order__Output>((done) => client.getOrder({ id: good[0]!.orderId }, bearer(), done));
    expect(one.id).toBe(good[0]!.orderId);
  });
});
