import type { Db } from 'mongodb';
import type { OrderSource, OrderStatus } from '../lab-events.js';
import type { OrderDocument } from './lab-documents.js';
import { writeBatcherFor } from './write-batcher.js';

/** Which statuses an order may move to from each status. */
export const orderTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  created: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: [],
  cancelled: [],
};

export type TransitionResult =
  | { readonly ok: true; readonly order: OrderDocument; readonly from: OrderStatus }
  | { readonly ok: false; readonly reason: string };

/** Inserts a new order (batched with concurrent writes); a second order with the same `orderId` is refused by the unique index (E11000). */
export async function insertOrder(db: Db, order: OrderDocument): Promise<OrderDocument> {
  await writeBatcherFor(db).insertOne('orders', order);
  return order;
}

/**
 * Moves an order to a new status in one atomic update that also checks the move is allowed, so
 * two concurrent changes cannot both apply.
 */
export async function transitionOrder(
  db: Db,
  change: {
    orderId: string;
    to: OrderStatus;
    source: OrderSource;
    eventId?: string;
    at?: Date;
    /** Marks the order `outboxPending` in the same write (see order-outbox-marks.ts): for callers with no claim to retry them. */
    markOutboxPending?: boolean;
  },
): Promise<TransitionResult> {
  const orders = db.collection<OrderDocument>('orders');
  const from = (Object.keys(orderTransitions) as OrderStatus[]).filter((status) =>
    orderTransitions[status].includes(change.to),
  );
  const at = change.at ?? new Date();
  const entry = {
    status: change.to,
    at,
    source: change.source,
    ...(change.eventId === undefined ? {} : { eventId: change.eventId }),
  };
  const before = await orders.findOneAndUpdate(
    { orderId: change.orderId, status: { $in: from } },
    {
      $set: { status: change.to, updatedAt: at, ...(change.markOutboxPending === true ? { outboxPending: true } : {}) },
      $push: { history: entry },
    },
    { returnDocument: 'before', writeConcern: { j: true } },
  );
  if (before !== null)
    return {
      ok: true,
      order: { ...before, status: change.to, updatedAt: at, history: [...before.history, entry] },
      from: before.status,
    };
  const current = await orders.findOne({ orderId: change.orderId }, { projection: { status: 1 } });
  if (current === null) return { ok: false, reason: `Order ${change.orderId} does not exist` };
  return { ok: false, reason: `Cannot move order ${change.orderId} from ${current.status} to ${change.to}` };
}

export function findOrder(db: Db, orderId: string): Promise<OrderDocument | null> {
  return db.collection<OrderDocument>('orders').findOne({ orderId });
}
