import type { LabDb } from '../../mongo/connect-mongo.js';
import type { OrderDocument } from '../../mongo/lab-documents.js';
import { toBenchOrder, toBenchOrderDocument } from './bench-orders.js';

/** Orders to read, stored as rtlab stores them. */
export async function preloadOrders(db: LabDb, count: number) {
  const orders = Array.from({ length: count }, (_, index) => toBenchOrderDocument(toBenchOrder(index)));
  await storeOrders(db, orders);
  return orders;
}

/**
 * In chunks: a chunk the driver sends again (a retryable write on a loaded machine) carries the
 * `_id`s it chose the first time, so its repeat is refused as duplicates, not stored twice.
 */
export async function storeOrders(db: LabDb, orders: readonly OrderDocument[]): Promise<void> {
  for (let at = 0; at < orders.length; at += 100) {
    const chunk = orders.slice(at, at + 100).map((order) => ({ ...order }));
    await db
      .collection('orders')
      .insertMany(chunk, { ordered: false })
      .catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error;
      });
  }
}
