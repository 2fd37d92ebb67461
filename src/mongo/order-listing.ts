import type { Db, Filter } from 'mongodb';
import type { OrderStatus } from '../lab-events.js';
import type { OrderDocument } from './lab-documents.js';

export interface OrderListingOptions {
  /** Only orders in this status; every status when undefined. */
  readonly status?: OrderStatus;
  /** Only this customer's orders; every customer when undefined. */
  readonly customerEmail?: string;
  readonly limit: number;
  /** How many documents each getMore fetches: what the reader holds in memory at most (default: the limit, at most 1,000). */
  readonly batchSize?: number;
}

/**
 * A listed order as MongoDB sent it: the BSON bytes of an `OrderDocument` (what a listed order
 * shows, not its history or bookkeeping), for a reader that encodes them without building the
 * document (GetOrders) or decodes them itself (`BSON.deserialize`).
 */
export type ListedOrderBson = Buffer;

/** An open read over `orders`, closed early by its reader. */
export interface OrderListing {
  /** The next order, or null at the end. */
  next(): Promise<ListedOrderBson | null>;
  /** The orders already fetched with the last batch, taken without a round trip (after `next`). */
  takeBuffered(): ListedOrderBson[];
  /** Releases the server's cursor; idempotent. */
  close(): Promise<void>;
}

const maxBatchSize = 1000;
const listedFields = Object.fromEntries(
  [
    'orderId',
    'customerEmail',
    'customerName',
    'items',
    'total',
    'currency',
    'status',
    'source',
    'createdAt',
    'updatedAt',
  ].map((field) => [field, 1]),
);

/**
 * The matching orders, newest first (the `{ createdAt: -1, _id: -1 }` index), read through one
 * server cursor in batches: the reader pulls at its own pace, so a slow consumer holds one batch,
 * never the whole result, and closing stops the reads and kills the cursor on the server. Batches
 * are large (a 500-order listing is one round trip, not five) and carry only the listed fields:
 * an order's history grows with every change, and decoding it for nothing cost more than the rest.
 */
export function openOrderListing(db: Db, options: OrderListingOptions): OrderListing {
  const filter: Filter<OrderDocument> = {};
  if (options.status !== undefined) filter.status = options.status;
  if (options.customerEmail !== undefined) filter.customerEmail = options.customerEmail;
  // `raw`: the driver hands over each document's bytes instead of decoding them.
  const cursor = db.collection<OrderDocument>('orders').find<ListedOrderBson>(filter, {
    raw: true,
    sort: { createdAt: -1, _id: -1 },
    limit: options.limit,
    batchSize: options.batchSize ?? Math.min(Math.max(options.limit, 1), maxBatchSize),
    projection: listedFields,
  });
  let closing: Promise<void> | undefined;
  let reading: Promise<unknown> = Promise.resolve();
  return {
    next: () => {
      const read = cursor.next();
      reading = read.catch(() => undefined);
      return read;
    },
    takeBuffered: () => cursor.readBufferedDocuments(),
    // A read still in flight may be opening the cursor on the server (its first batch): the
    // cursor's id is known only once it answers, so closing waits for it, or the server's
    // cursor would outlive this listing.
    close: () => (closing ??= reading.then(() => cursor.close())),
  };
}
