import type { Db } from 'mongodb';
import type { OrderDocument } from './lab-documents.js';

/**
 * An order whose `order:update` may not be in the outbox yet: an order is inserted with
 * `outboxPending: true`, its outbox entry is written, then the mark is cleared. A process killed
 * between the two writes leaves the mark, and a sweep writes the missing entry: no transaction
 * (a standalone mongod has none), only an order of writes and an idempotent repair.
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
  ids: string[];
  scheduled: boolean;
}
const queues = new WeakMap<Db, MarkQueue>();

/**
 * Clears the marks of orders whose outbox entry is written: the orders of one event-loop turn in
 * one updateMany. Not awaited by callers and not journaled: a mark lost with a crash only makes
 * the sweep write an entry that exists already, which the outbox's unique key ignores.
 */
export function clearOutboxMark(db: Db, orderId: string): void {
  let queue = queues.get(db);
  if (queue === undefined) queues.set(db, (queue = { ids: [], scheduled: false }));
  queue.ids.push(orderId);
  if (queue.scheduled) return;
  queue.scheduled = true;
  const flushing = queue;
  setImmediate(() => {
    const ids = flushing.ids.splice(0);
    flushing.scheduled = false;
    // A failure leaves marks behind; the sweep settles them.
    orders(db)
      .updateMany({ orderId: { $in: ids }, outboxPending: true }, { $unset: { outboxPending: '' } })
      .catch(() => undefined);
  });
}

/** Marked orders created before `before` (a sweep leaves the calls in flight alone), oldest first. */
export function readOrdersAwaitingOutbox(db: Db, options: { before: Date; limit: number }): Promise<MarkedOrder[]> {
  return orders(db)
    .find({ outboxPending: true, createdAt: { $lt: options.before } }, { limit: options.limit })
    .toArray();
}

/** The order first created with an idempotency key, if any. */
export function findOrderByIdempotencyKey(db: Db, key: string): Promise<MarkedOrder | null> {
  return orders(db).findOne({ idempotencyKey: key });
}
