import type { Collection, Db, Document, IndexDescription } from 'mongodb';

/** The lab's collections (DESIGN.md §2), by name. */
export const labCollectionNames = [
  'orders',
  'webhook_events',
  'webhook_deliveries',
  'chat_messages',
  'notifications',
  'counters',
  'outbox',
  'order_chat_messages',
] as const;
export type LabCollectionName = (typeof labCollectionNames)[number];

/**
 * The indexes each collection needs: what makes a handler idempotent (a unique `eventId`), and
 * what its reads filter and sort by (cursor pagination on (createdAt, _id)).
 */
export const labIndexes: Readonly<Record<LabCollectionName, readonly IndexDescription[]>> = {
  orders: [
    { key: { orderId: 1 }, name: 'orderId_unique', unique: true },
    { key: { customerEmail: 1 } },
    { key: { createdAt: -1, _id: -1 } },
    // gRPC CreateOrder: a retried call finds its order by key; a sweep finds orders whose notification may be missing.
    {
      key: { idempotencyKey: 1 },
      name: 'idempotencyKey_unique',
      unique: true,
      partialFilterExpression: { idempotencyKey: { $exists: true } },
    },
    { key: { outboxPending: 1 }, name: 'outboxPending_partial', partialFilterExpression: { outboxPending: true } },
  ],
  // `status` leads (the sweeper's unfinished claims, listings by status); the relay reads the
  // processed events whose outbox entry is pending by its first two fields, oldest first. Not
  // partial: the embedded engine plans with full indexes only.
  webhook_events: [
    { key: { eventId: 1 }, name: 'eventId_unique', unique: true },
    { key: { type: 1, receivedAt: -1 } },
    { key: { status: 1, 'outbox.status': 1, processedAt: 1 }, name: 'status_outbox' },
  ],
  webhook_deliveries: [
    { key: { deliveryId: 1 }, name: 'deliveryId_unique', unique: true },
    { key: { eventId: 1 } },
    { key: { status: 1, updatedAt: -1 } },
  ],
  chat_messages: [{ key: { room: 1, createdAt: -1, _id: -1 } }],
  // `seq` orders notifications for replay; a redelivered update (same eventId and status) is stored
  // once. Partial, so that notifications stored before positions existed do not block the build.
  notifications: [
    { key: { seq: 1 }, name: 'seq_unique', unique: true, partialFilterExpression: { seq: { $exists: true } } },
    {
      key: { eventId: 1, status: 1 },
      name: 'eventId_status_unique',
      unique: true,
      partialFilterExpression: { seq: { $exists: true } },
    },
    { key: { at: -1, _id: -1 } },
    { key: { orderId: 1 } },
  ],
  // One document per sequence (`_id` is its name); the `_id` index is all it needs.
  counters: [],
  // One entry per change; the relay reads what is pending, oldest first; sent entries go after a week (pending ones have no sentAt and stay).
  outbox: [
    { key: { key: 1 }, name: 'key_unique', unique: true },
    { key: { status: 1, createdAt: 1, _id: 1 } },
    { key: { sentAt: 1 }, expireAfterSeconds: 7 * 24 * 3600 },
  ],
  // ChatOrders: an order's conversation, in the order it was said.
  order_chat_messages: [{ key: { orderId: 1, sentAt: 1, _id: 1 } }],
};

/** Typed access to the lab's collections; the document types live with the services that own them. */
export interface LabCollections {
  collection<T extends Document = Document>(name: LabCollectionName): Collection<T>;
}

/** Creates the lab's collections and indexes; safe to run at every start. */
export async function ensureLabCollections(db: Db): Promise<LabCollections> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((entry) => entry.name));
  for (const name of labCollectionNames) {
    if (!existing.has(name))
      await db.createCollection(name).catch((error: { code?: number }) => {
        // Another process may have created it first.
        if (error.code !== 48) throw error;
      });
    if (labIndexes[name].length > 0) await db.collection(name).createIndexes([...labIndexes[name]]);
  }
  return { collection: <T extends Document = Document>(name: LabCollectionName) => db.collection<T>(name) };
}
