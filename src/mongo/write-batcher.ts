import { MongoBulkWriteError, type AnyBulkWriteOperation, type Db, type Document } from 'mongodb';

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
 * key fails only the write that caused it.
 */
export class WriteBatcher {
  private readonly queues = new Map<string, Pending[]>();
  private scheduled = false;

  constructor(private readonly db: Db) {}

  insertOne(collection: string, document: Document): Promise<void> {
    return this.enqueue(collection, { insertOne: { document } });
  }

  updateOne(collection: string, filter: Document, update: Document): Promise<void> {
    return this.enqueue(collection, { updateOne: { filter, update } });
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
      await this.db.collection(collection).bulkWrite(
        pending.map((entry) => entry.operation),
        { ordered: false },
      );
      for (const entry of pending) entry.resolve();
    } catch (error) {
      // A bulk error without per-write errors failed as a whole (MongoDB unreachable, say).
      if (!(error instanceof MongoBulkWriteError) || [error.writeErrors].flat().length === 0) {
        for (const entry of pending) entry.reject(error);
        return;
      }
      const failed = new Map<number, { code: number; message: string }>();
      for (const writeError of [error.writeErrors].flat()) failed.set(writeError.index, { code: writeError.code, message: writeError.errmsg ?? 'write failed' });
      pending.forEach((entry, index) => {
        const failure = failed.get(index);
        if (failure === undefined) entry.resolve();
        else entry.reject(new BatchedWriteError(failure.code, failure.message));
      });
    }
  }
}

const batchers = new WeakMap<Db, WriteBatcher>();

/** The process's batcher for a database: every store shares it, so their writes batch together. */
export function writeBatcherFor(db: Db): WriteBatcher {
  let batcher = batchers.get(db);
  if (batcher === undefined) batchers.set(db, (batcher = new WriteBatcher(db)));
  return batcher;
}
