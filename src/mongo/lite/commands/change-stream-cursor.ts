import { Timestamp, type Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { toDocumentView } from '../bson/to-query-view.js';
import { parseResumeToken, toResumeToken, type ChangeEvent } from '../engine/change-log.js';
import { compileFilter } from '../engine/compile-filter.js';
import type { LiteCursor } from '../engine/cursor-registry.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import type { CommandContext } from './command-context.js';
import { runPipelineNow } from './run-pipeline.js';

export interface ChangeStreamRequest {
  readonly db: string;
  /** Undefined for a whole-database (or, on admin, whole-cluster) stream. */
  readonly collection: string | undefined;
  readonly stage: Document;
  readonly pipeline: readonly Document[];
  readonly batchSize: number | undefined;
}

const allowedStages = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$redact',
]);
const defaultAwaitMs = 1000;

/** `watch()`: an aggregate whose first stage is `$changeStream`, answered with a tailing cursor. */
export function openChangeStream(context: CommandContext, request: ChangeStreamRequest): Promise<Document> {
  const options = request.stage['$changeStream'];
  if (!isPlainDocument(options)) throw new MongoCommandError(ErrorCode.TypeMismatch, '$changeStream must be an object');
  const beforeChange = options['fullDocumentBeforeChange'];
  if (beforeChange !== undefined && beforeChange !== 'off') throw unsupported('fullDocumentBeforeChange');
  for (const stage of request.pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (!allowedStages.has(name))
      throw new MongoCommandError(ErrorCode.IllegalOperation, `${name} is not permitted in a $changeStream pipeline`);
  }
  const cluster = request.db === 'admin' && options['allChangesForCluster'] === true;
  if (request.collection === undefined && request.db === 'admin' && !cluster) {
    throw new MongoCommandError(
      ErrorCode.InvalidOptions,
      '$changeStream on the admin database requires allChangesForCluster: true',
    );
  }
  const cursor = new ChangeStreamCursor(
    context,
    request,
    startPosition(context, options),
    cluster,
    options['fullDocument'] === 'updateLookup' ||
      options['fullDocument'] === 'whenAvailable' ||
      options['fullDocument'] === 'required',
  );
  return context.cursors.open(cursor, request.batchSize);
}

function startPosition(context: CommandContext, options: Document): Timestamp {
  const token = options['resumeAfter'] ?? options['startAfter'];
  if (token !== undefined) {
    const time = parseResumeToken(token);
    if (time === undefined)
      throw new MongoCommandError(ErrorCode.BadValue, 'the resume token is not one this server issued');
    if (!context.changes.covers(time)) throw historyLost();
    return time;
  }
  const at = options['startAtOperationTime'];
  if (at instanceof Timestamp || (at as { _bsontype?: string } | undefined)?._bsontype === 'Timestamp') {
    const time = at as Timestamp;
    // Events at that time are included: start just before it.
    const before =
      time.low > 0
        ? new Timestamp({ t: time.high, i: time.low - 1 })
        : new Timestamp({ t: time.high - 1, i: 0xffffffff });
    if (!context.changes.covers(before)) throw historyLost();
    return before;
  }
  return context.changes.latestTime;
}

function historyLost(): MongoCommandError {
  return new MongoCommandError(
    ErrorCode.ChangeStreamHistoryLost,
    'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
    { errorLabels: ['NonResumableChangeStreamError'] },
  );
}

class ChangeStreamCursor implements LiteCursor {
  readonly exhausted = false;
  readonly namespace: string;
  private readonly matchOnly: boolean;
  private readonly closing = new AbortController();
  private readonly filters;

  constructor(
    private readonly context: CommandContext,
    private readonly request: ChangeStreamRequest,
    private position: Timestamp,
    private readonly cluster: boolean,
    private readonly lookupFullDocument: boolean,
  ) {
    this.namespace = `${request.db}.${request.collection ?? '$cmd.aggregate'}`;
    this.matchOnly = request.pipeline.every((stage) => '$match' in stage);
    this.filters = this.matchOnly ? request.pipeline.map((stage) => compileFilter(stage['$match'] as Document)) : [];
  }

  /** killCursors (or a stopping server) ends a pending wait at once. */
  close(): void {
    this.closing.abort();
  }

  replyFields(): Document {
    return { postBatchResumeToken: toResumeToken(this.position) };
  }

  async nextBatch(batchSize: number | undefined, maxTimeMS: number | undefined): Promise<Document[]> {
    let batch = this.collect(batchSize);
    const waitMs = maxTimeMS ?? defaultAwaitMs;
    const deadline = Date.now() + waitMs;
    while (batch.length === 0 && waitMs > 0 && Date.now() < deadline && !this.closing.signal.aborted) {
      await this.context.changes.waitForEvent(deadline - Date.now(), this.closing.signal);
      batch = this.collect(batchSize);
    }
    return batch;
  }

  private collect(batchSize: number | undefined): Document[] {
    if (!this.context.changes.covers(this.position)) throw historyLost();
    const limit = batchSize === undefined || batchSize <= 0 ? 1000 : batchSize;
    const out: Document[] = [];
    for (const event of this.context.changes.after(this.position)) {
      if (out.length >= limit) break;
      this.position = event.clusterTime;
      if (!this.inScope(event)) continue;
      const document = this.toEventDocument(event);
      for (const output of this.applyPipeline(document)) out.push(output);
    }
    if (out.length === 0) this.position = maxTime(this.position, this.context.changes.latestTime);
    return out;
  }

  private inScope(event: ChangeEvent): boolean {
    if (this.cluster) return true;
    if (event.db !== this.request.db) return false;
    return this.request.collection === undefined || event.coll === this.request.collection;
  }

  private toEventDocument(event: ChangeEvent): Document {
    const document: Document = {
      _id: toResumeToken(event.clusterTime),
      operationType: event.operationType,
      clusterTime: event.clusterTime,
      wallTime: event.wallTime,
      ns: { db: event.db, coll: event.coll },
      documentKey: event.documentKey,
    };
    if (event.updateDescription !== undefined) document['updateDescription'] = event.updateDescription;
    if (event.fullDocument !== undefined) document['fullDocument'] = event.fullDocument;
    else if (event.operationType === 'update' && this.lookupFullDocument) {
      document['fullDocument'] =
        this.context.catalog.get(event.db, event.coll)?.getById(event.documentKey['_id'])?.doc ?? null;
    }
    return document;
  }

  private applyPipeline(document: Document): Document[] {
    if (this.request.pipeline.length === 0) return [document];
    const view = toDocumentView(document);
    if (this.matchOnly) return this.filters.every((filter) => filter.test(view)) ? [document] : [];
    return runPipelineNow([view], this.request.pipeline);
  }
}

function maxTime(a: Timestamp, b: Timestamp): Timestamp {
  return a.compare(b) >= 0 ? a : b;
}
