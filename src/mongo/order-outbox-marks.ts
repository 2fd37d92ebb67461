import type { Db } from 'mongodb';
import type { OrderDocument } from './lab-documents.js';

/**
 * An order whose latest `order:update` may not be in the outbox yet: an order is inserted, or moved
 * to another status, with `outboxPending: true` in the same write; the outbox entry of its latest
 * change is written, then the mark is cleared. A process killed between the two writes leaves the
 * mark, and a sweep writes the missing entry: no transaction (a standalone mongod has none), only
 * an order of writes and an idempotent repair.
 */
export interface MarkedOrder extends OrderDocument {
  outboxPending?: true;
  /** The caller's `idempotency-key`: a retry of the same call finds this order instead of creating another. */
  idempotencyKey?: string;
  /** SHA-256 of the request the key was first used with: the same key with another request is refused. */
  requestHash?: string;
}

const orders = (db: Db) => db.collection<MarkedOrder>('orders');

interface MarkQueue {
  /** Each order with the length its history had when its latest change was written to the outbox. */
  written: Array<{ orderId: string; changes: number }>;
  scheduled: boolean;
}
const queues = new WeakMap<Db, MarkQueue>();

/**
 * Clears the marks of orders whose latest outbox entry is written: the orders of one event-loop
 * turn in one updateMany. Only while the history still has `changes` entries: a change made since
 * set the mark again for its own entry, which may not be written yet. Not awaited by callers and
 * not journaled: a mark kept by a crash only makes the sweep write an entry that exists already,
 * which the outbox's unique key ignores.
 */
export function clearOutboxMark(db: Db, orderId: string, changes: number): void {
  let queue = queues.get(db);
  if (queue === undefined) queues.set(db, (queue = { written: [], scheduled: false }));
  queue.written.push({ orderId, changes });
  if (queue.scheduled) return;
  queue.scheduled = true;
  const flushing = queue;
  setImmediate(() => {
    const written = flushing.written.splice(0);
    flushing.scheduled = false;
    // One `$in` per history length (nearly always one: new orders), not one clause per order:
    // the server then matches each order against one filter instead of the whole list.
    const byChanges = new Map<number, string[]>();
    for (const { orderId, changes } of written) {
      const orderIds = byChanges.get(changes);
      if (orderIds === undefined) byChanges.set(changes, [orderId]);
      else orderIds.push(orderId);
    }
    const clauses = [...byChanges].map(([changes, orderIds]) => ({
      orderId: { $in: orderIds },
      history: { $size: changes },
    }));
    // A failure leaves marks behind; the sweep settles them.
    orders(db)
      .updateMany(
        { outboxPending: true, ...(clauses.length === 1 ? clauses[0] : { $or: clauses }) },
        { $unset: { outboxPending: '' } },
      )
      .catch(() => undefined);
  });
}

/** Marked orders last changed before `before` (a sweep leaves the calls in flight alone). */
export function readOrdersAwaitingOutbox(db: Db, options: { before: Date; limit: number }): Promise<MarkedOrder[]> {
  return orders(db)
    .find({ outboxPending: true, updatedAt: { $lt: options.before } }, { limit: options.limit })
    .toArray();
}

/** The order first created with an idempotency key, if any. */
export function findOrderByIdempotencyKey(db: Db, key: string): Promise<MarkedOrder | null> {
  return orders(db).findOne({ idempotencyKey: key });
}
