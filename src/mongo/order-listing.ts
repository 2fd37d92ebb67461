import type { Db, Filter } from 'mongodb';
import type { OrderStatus } from '../lab-events.js';
import type { OrderDocument } from './lab-documents.js';

export interface OrderListingOptions {
  /** Only orders in this status; every status when undefined. */
  readonly status?: OrderStatus;
  /** Only this customer's orders; every customer when undefined. */
  readonly customerEmail?: string;
  readonly limit: number;
  /** How many documents each getMore fetches: what the reader holds in memory at most (plus one batch). */
  readonly batchSize?: number;
}

/** An open read over `orders`: one document at a time, closed early by its reader. */
export interface OrderListing {
  /** The next order, or null at the end. */
  next(): Promise<OrderDocument | null>;
  /** Releases the server's cursor; idempotent. */
  close(): Promise<void>;
}

/**
 * The matching orders, newest first (the `{ createdAt: -1, _id: -1 }` index), read through one
 * server cursor in batches: the reader pulls at its own pace, so a slow consumer holds one batch,
 * never the whole result, and closing stops the reads and kills the cursor on the server.
 */
export function openOrderListing(db: Db, options: OrderListingOptions): OrderListing {
  const filter: Filter<OrderDocument> = {};
  if (options.status !== undefined) filter.status = options.status;
  if (options.customerEmail !== undefined) filter.customerEmail = options.customerEmail;
  const cursor = db
    .collection<OrderDocument>('orders')
    .find(filter, { sort: { createdAt: -1, _id: -1 }, limit: options.limit, batchSize: options.batchSize ?? 100 });
  let closing: Promise<void> | undefined;
  let reading: Promise<unknown> = Promise.resolve();
  return {
    next: () => {
      const read = cursor.next();
      reading = read.catch(() => undefined);
      return read;
    },
    // A read still in flight may be opening the cursor on the server (its first batch): the
    // cursor's id is known only once it answers, so closing waits for it, or the server's
    // cursor would outlive this listing.
    close: () => (closing ??= reading.then(() => cursor.close())),
  };
}
