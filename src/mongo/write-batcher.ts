import {
  BSON,
  MongoBulkWriteError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  ObjectId,
  type AnyBulkWriteOperation,
  type Db,
  type Document,
} from 'mongodb';

interface Pending {
  readonly operation: AnyBulkWriteOperation;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** A duplicate key or other per-write failure, with mongod's code, as insertOne would have thrown it. */
export class BatchedWriteError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Group commit for writes: the writes that concurrent requests make in one turn of the event
 * loop go to MongoDB as one unordered bulkWrite per collection, so a busy receiver pays one round
 * trip for many events instead of one each. Each caller still gets its own outcome: a duplicate
 * key fails only the write that caused it, and a batch refused as a whole (a document the driver
 * cannot serialise, a server error on one document) is resolved write by write, so one bad write
 * never fails its neighbours. Updates sent through here must be idempotent (a filter that no
 * longer matches once applied, `$setOnInsert` upserts): such a batch may have applied some of
 * its writes before failing, and they are written again one by one.
 */
export class WriteBatcher {
  private readonly queues = new Map<string, Pending[]>();
  private scheduled = false;

  constructor(private readonly db: Db) {}

  insertOne(collection: string, document: Document): Promise<void> {
    // An _id chosen here tells, after an ambiguous failure, whether this insert was applied.
    return this.enqueue(collection, { insertOne: { document: { _id: new ObjectId(), ...document } } });
  }

  updateOne(collection: string, filter: Document, update: Document, options: { upsert?: boolean } = {}): Promise<void> {
    return this.enqueue(collection, { updateOne: { filter, update, upsert: options.upsert === true } });
  }

  private enqueue(collection: string, operation: AnyBulkWriteOperation): Promise<void> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(collection);
      if (queue === undefined) this.queues.set(collection, (queue = []));
      queue.push({ operation, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.queues.entries()];
    this.queues.clear();
    for (const [collection, pending] of batches) void this.write(collection, pending);
  }

  private async write(collection: string, pending: Pending[]): Promise<void> {
    try {
      // j: acknowledged means journaled, so a MongoDB killed right after still has it; the whole
      // batch shares one journal flush, which is what makes the group commit cheap.
      await this.db.collection(collection).bulkWrite(
        pending.map((entry) => entry.operation),
        { ordered: false, writeConcern: { j: true } },
      );
      for (const entry of pending) entry.resolve();
    } catch (error) {
      if (isUnreachable(error)) {
        for (const entry of pending) entry.reject(error);
        return;
      }
      const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
      if (writeErrors.length > 0) {
        const failed = new Map(
          writeErrors.map((writeError) => [
            writeError.index,
            new BatchedWriteError(writeError.code, writeError.errmsg ?? 'write failed'),
          ]),
        );
        pending.forEach((entry, index) => {
          const failure = failed.get(index);
          if (failure === undefined) entry.resolve();
          else entry.reject(failure);
        });
        return;
      }
      if (pending.length === 1) return void pending[0]!.reject(toOwnError(error));
      await this.writeOneByOne(collection, pending);
    }
  }

  /** After a batch failed as a whole: inserts already applied are done; everything else goes alone. */
  private async writeOneByOne(collection: string, pending: Pending[]): Promise<void> {
    const insertedIds = pending.flatMap((entry) =>
      'insertOne' in entry.operation ? [entry.operation.insertOne.document['_id'] as ObjectId] : [],
    );
    let applied: Set<string>;
    try {
      const found = await this.db
        .collection(collection)
        .find({ _id: { $in: insertedIds } }, { projection: { _id: 1 } })
        .toArray();
      applied = new Set(found.map((document) => String(document['_id'])));
    } catch (error) {
      for (const entry of pending) entry.reject(error);
      return;
    }
    await Promise.all(
      pending.map(async (entry) => {
        if ('insertOne' in entry.operation && applied.has(String(entry.operation.insertOne.document['_id'])))
          return entry.resolve();
        await this.write(collection, [entry]);
      }),
    );
  }
}

/** MongoDB could not be reached at all: every write of the batch failed the same way. */
function isUnreachable(error: unknown): boolean {
  if (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  )
    return true;
  // The driver wraps a connection failure in a bulk error with no write error and no server code.
  return (
    error instanceof MongoBulkWriteError &&
    [error.writeErrors].flat().length === 0 &&
    error.writeConcernError === undefined &&
    typeof error.code !== 'number'
  );
}

/** A lone write the server refused without a per-write error: its own failure, not an outage. */
function toOwnError(error: unknown): unknown {
  if (error instanceof MongoBulkWriteError && typeof error.code === 'number')
    return new BatchedWriteError(error.code, error.message);
  return error;
}

/**
 * Server codes that say "not now": a primary stepping down, a shutdown, a timeout (MongoDB's
 * retryable-writes list), and OutOfDiskSpace (14031) — a full disk frees up, so an event refused
 * for it is retried later, never refused for good.
 */
const transientCodes = new Set([6, 7, 50, 89, 91, 112, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 14031]);

/** MongoDB could not take a write now (unreachable, stepping down): the same write may succeed later. */
export function isTransientWriteError(error: unknown): boolean {
  return isUnreachable(error) || (error instanceof BatchedWriteError && transientCodes.has(error.code));
}

/**
 * The document itself was refused (the driver could not serialise it, or the server refused it
 * for a reason other than a duplicate key or a passing state): writing it again will never work.
 */
export function isRefusedDocument(error: unknown): boolean {
  if (BSON.BSONError.isBSONError(error)) return true;
  return error instanceof BatchedWriteError && error.code !== 11000 && !transientCodes.has(error.code);
}

const batchers = new WeakMap<Db, WriteBatcher>();

/** The process's batcher for a database: every store shares it, so their writes batch together. */
export function writeBatcherFor(db: Db): WriteBatcher {
  let batcher = batchers.get(db);
  if (batcher === undefined) batchers.set(db, (batcher = new WriteBatcher(db)));
  return batcher;
}
