import { randomBytes } from 'node:crypto';
import { calculateObjectSize, Long, type Document } from 'bson';
import { tooLargeResult } from '../bson/document-size.js';
import { EncodedDocument } from '../wire/encoded-document.js';
import { maxBsonObjectSize } from '../wire/wire-message.js';
import { ErrorCode, MongoCommandError } from './mongo-command-error.js';

/** An open cursor: a finished result list, or a change stream that keeps waiting for events. */
export interface LiteCursor {
  readonly namespace: string;
  /** The next batch; `maxTimeMS` bounds how long a tailing cursor waits for one. */
  nextBatch(
    batchSize: number | undefined,
    maxTimeMS: number | undefined,
  ): Promise<Array<Document | EncodedDocument>> | Array<Document | EncodedDocument>;
  /** True once no more documents will come: the reply then carries cursor id 0. */
  readonly exhausted: boolean;
  /** Extra fields for the reply's `cursor` (a change stream's `postBatchResumeToken`). */
  replyFields?(): Document;
  close?(): void;
}

/** Replies stay under mongod's 16 MiB document limit, with room for the envelope. */
const maxBatchBytes = maxBsonObjectSize - 16 * 1024;

/** A cursor over a result already computed (find, aggregate, listCollections, …). */
export class ArrayCursor implements LiteCursor {
  private position = 0;

  constructor(
    readonly namespace: string,
    private readonly documents: ReadonlyArray<Document | EncodedDocument>,
  ) {}

  get exhausted(): boolean {
    return this.position >= this.documents.length;
  }

  nextBatch(batchSize: number | undefined): Array<Document | EncodedDocument> {
    const batch: Array<Document | EncodedDocument> = [];
    let bytes = 0;
    const limit = batchSize === undefined || batchSize <= 0 ? Infinity : batchSize;
    while (this.position < this.documents.length && batch.length < limit) {
      const document = this.documents[this.position]!;
      const encoded = document instanceof EncodedDocument;
      const size = encoded ? document.bytes.byteLength : calculateObjectSize(document);
      if (size > maxBsonObjectSize) throw tooLargeResult(size, encoded ? { _id: null } : document);
      if (batch.length > 0 && bytes + size > maxBatchBytes) break;
      batch.push(document);
      bytes += size;
      this.position++;
    }
    return batch;
  }
}

/**
 * Open cursors by int64 id (the driver requires a BSON Long). Cursors left idle longer than
 * the timeout are closed, as mongod's cursorTimeoutMillis does.
 */
export class CursorRegistry {
  private readonly cursors = new Map<bigint, { cursor: LiteCursor; lastUsed: number }>();
  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly idleTimeoutMs = 10 * 60_000) {
    this.reaper = setInterval(() => this.reapIdle(), Math.min(60_000, idleTimeoutMs)).unref();
  }

  /** Runs the first batch; registers the cursor only when more remains. */
  async open(cursor: LiteCursor, batchSize: number | undefined, key: 'firstBatch' = 'firstBatch'): Promise<Document> {
    const batch = await cursor.nextBatch(batchSize, 0);
    let id = Long.fromNumber(0);
    if (!cursor.exhausted) {
      const raw = randomBytes(8).readBigInt64LE() & 0x7fffffffffffffffn;
      id = Long.fromBigInt(raw === 0n ? 1n : raw);
      this.cursors.set(id.toBigInt(), { cursor, lastUsed: Date.now() });
    }
    return { cursor: { id, ns: cursor.namespace, [key]: batch, ...(cursor.replyFields?.() ?? {}) }, ok: 1 };
  }

  async getMore(
    id: Long,
    namespace: string,
    batchSize: number | undefined,
    maxTimeMS: number | undefined,
  ): Promise<Document> {
    const entry = this.cursors.get(id.toBigInt());
    if (entry === undefined)
      throw new MongoCommandError(ErrorCode.CursorNotFound, `cursor id ${id.toString()} not found`);
    if (entry.cursor.namespace !== namespace) {
      throw new MongoCommandError(
        ErrorCode.Unauthorized,
        `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${entry.cursor.namespace}`,
      );
    }
    const batch = await entry.cursor.nextBatch(batchSize, maxTimeMS);
    entry.lastUsed = Date.now();
    const exhausted = entry.cursor.exhausted;
    if (exhausted) this.kill(id.toBigInt());
    return {
      cursor: {
        id: exhausted ? Long.fromNumber(0) : id,
        ns: namespace,
        nextBatch: batch,
        ...(entry.cursor.replyFields?.() ?? {}),
      },
      ok: 1,
    };
  }

  kill(id: bigint): boolean {
    const entry = this.cursors.get(id);
    if (entry === undefined) return false;
    entry.cursor.close?.();
    this.cursors.delete(id);
    return true;
  }

  /** Cursors closed for idleness, reported as mongod's `metrics.cursor.timedOut`. */
  timedOut = 0;

  get openCount(): number {
    return this.cursors.size;
  }

  closeAll(): void {
    clearInterval(this.reaper);
    for (const id of [...this.cursors.keys()]) this.kill(id);
  }

  private reapIdle(): void {
    const cutoff = Date.now() - this.idleTimeoutMs;
    for (const [id, entry] of this.cursors) {
      if (entry.lastUsed >= cutoff) continue;
      this.kill(id);
      this.timedOut++;
    }
  }
}
