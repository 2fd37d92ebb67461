import { BSON, type Db, type Filter, type Long } from 'mongodb';
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

/** What a listed order's bytes say, decoded as the driver decodes documents. */
export function decodeListedOrder(bson: ListedOrderBson): Omit<OrderDocument, 'history'> {
  return BSON.deserialize(bson) as Omit<OrderDocument, 'history'>;
}

/**
 * Which stored order the bytes are, for a log line about one that cannot be listed: its `_id`
 * and the start of its `orderId`, read even from bytes that are not valid UTF-8.
 */
export function identifyListedOrder(bson: ListedOrderBson): { _id: string; orderId: string } {
  try {
    const { _id, orderId } = BSON.deserialize(bson, { validation: { utf8: false } });
    return { _id: String(_id), orderId: typeof orderId === 'string' ? orderId.slice(0, 100) : String(orderId) };
  } catch {
    return { _id: 'unreadable', orderId: 'unreadable' };
  }
}

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
/** The stored fields an order listing returns (every other is projected away by the server). */
export const listedOrderFields = [
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
] as const;
const listedFields = Object.fromEntries(listedOrderFields.map((field) => [field, 1]));

/**
 * The matching orders, newest first (the `{ createdAt: -1, _id: -1 }` index), read through one
 * server cursor in batches: the reader pulls at its own pace, so a slow consumer holds one batch,
 * never the whole result, and closing stops the reads and kills the cursor on the server. Batches
 * are large (a 500-order listing is one round trip, not five) and carry only the listed fields:
 * an order's history grows with every change. The cursor is driven with the documented `find`,
 * `getMore` and `killCursors` commands, its batches kept as raw BSON (`fieldsAsRaw`): the
 * driver's own cursor, even with `raw`, parses every document's fields before handing its bytes
 * over, which was the largest cost of a listing. A cursor belongs to the session that opened it
 * (mongod refuses a getMore from another): the listing has one of its own.
 */
export function openOrderListing(db: Db, options: OrderListingOptions): OrderListing {
  const filter: Filter<OrderDocument> = {};
  if (options.status !== undefined) filter.status = options.status;
  if (options.customerEmail !== undefined) filter.customerEmail = options.customerEmail;
  const { limit } = options;
  const batchSize = options.batchSize ?? Math.min(Math.max(limit, 1), maxBatchSize);
  const session = db.client.startSession();
  const commandOptions = { session, promoteLongs: false, fieldsAsRaw: { firstBatch: true, nextBatch: true } };
  /** Undefined until the first batch; then the server's id, `0` once it has nothing more. */
  let cursorId: Long | number | undefined;
  let batch: ListedOrderBson[] = [];
  let taken = 0;
  let returned = 0;
  let closed = false;
  const exhausted = () => closed || returned >= limit || (cursorId !== undefined && String(cursorId) === '0');

  async function fetchBatch(): Promise<void> {
    const reply = await db.command(
      cursorId === undefined
        ? { find: 'orders', filter, sort: { createdAt: -1, _id: -1 }, projection: listedFields, limit, batchSize }
        : { getMore: cursorId, collection: 'orders', batchSize: Math.min(batchSize, limit - returned) },
      commandOptions,
    );
    const cursor = reply['cursor'] as {
      id: Long | number;
      firstBatch?: ListedOrderBson[];
      nextBatch?: ListedOrderBson[];
    };
    cursorId = cursor.id;
    batch = cursor.firstBatch ?? cursor.nextBatch ?? [];
    taken = 0;
  }

  let closing: Promise<void> | undefined;
  let reading: Promise<unknown> = Promise.resolve();
  return {
    next: () => {
      const read = (async () => {
        while (taken >= batch.length) {
          if (exhausted()) return null;
          await fetchBatch();
        }
        returned += 1;
        return batch[taken++]!;
      })();
      reading = read.catch(() => undefined);
      return read;
    },
    takeBuffered: () => {
      const rest = batch.slice(taken, taken + Math.max(0, limit - returned));
      taken = batch.length;
      returned += rest.length;
      return rest;
    },
    // A read still in flight may be opening the cursor on the server (its first batch): the
    // cursor's id is known only once it answers, so closing waits for it, or the server's
    // cursor would outlive this listing.
    close: () =>
      (closing ??= (async () => {
        closed = true;
        await reading;
        if (cursorId !== undefined && String(cursorId) !== '0')
          await db.command({ killCursors: 'orders', cursors: [cursorId] }, { session }).catch(() => undefined);
        await session.endSession();
      })()),
  };
}
