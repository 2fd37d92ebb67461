import { describe, expect, it } from 'vitest';
import { useLiteLabDb } from './lite-lab-db.js';

/**
 * A query that states a partial index's condition reads that index, as mongod's planner uses a
 * partial index for a query that implies its filter: gRPC's mark-clearing update stays cheap
 * however many orders the collection holds.
 */
describe('embedded MongoDB: partial indexes answer the queries that state their filter', () => {
  const { start, scannedObjects } = useLiteLabDb();

  it('examines only the marked orders when clearing marks, and clears exactly the ones asked', async () => {
    const db = await start();
    const orders = db.collection('orders');
    await orders.createIndex({ outboxPending: 1 }, { partialFilterExpression: { outboxPending: true } });
    await orders.createIndex(
      { idempotencyKey: 1 },
      { unique: true, partialFilterExpression: { idempotencyKey: { $exists: true } } },
    );
    await orders.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({
        orderId: `o${i}`,
        history: Array.from({ length: 1 + (i % 2) }, () => ({ status: 'created' })),
        ...(i >= 1990 ? { outboxPending: true } : i % 3 === 0 ? { outboxPending: false } : {}),
        ...(i % 4 === 0 ? { idempotencyKey: `k${i}` } : {}),
      })),
    );

    const before = await scannedObjects(db);
    const cleared = await orders.updateMany(
      { outboxPending: true, $or: [1990, 1991, 1992, 12].map((i) => ({ orderId: `o${i}`, history: { $size: 1 } })) },
      { $unset: { outboxPending: '' } },
    );
    // The 10 marked orders are examined, not the 2,000 of the collection.
    expect((await scannedObjects(db)) - before).toBe(10);
    // o1991 has two history entries, o12 no mark: only o1990 and o1992 are cleared.
    expect(cleared.modifiedCount).toBe(2);
    expect((await orders.find({ outboxPending: true }).toArray()).map((order) => order['orderId']).sort()).toEqual([
      'o1991',
      'o1993',
      'o1994',
      'o1995',
      'o1996',
      'o1997',
      'o1998',
      'o1999',
    ]);
    expect(await orders.countDocuments({ outboxPending: false })).toBe(664);

    const keyed = await scannedObjects(db);
    expect((await orders.findOne({ idempotencyKey: 'k1000' }))?.['orderId']).toBe('o1000');
    expect((await scannedObjects(db)) - keyed).toBe(1);

    // A query that does not state the filter (`$ne: false` also matches unmarked orders) scans.
    const scanStart = await scannedObjects(db);
    expect(await orders.countDocuments({ outboxPending: { $ne: false } })).toBe(2000 - 664);
    expect((await scannedObjects(db)) - scanStart).toBe(2000);
  });
});
