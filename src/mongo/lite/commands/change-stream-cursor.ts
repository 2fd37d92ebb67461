import { Timestamp, type Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { parseResumeToken, toResumeToken, type ChangeEvent } from '../engine/change-log.js';
import { compileFilter, type CompiledFilter } from '../engine/compile-filter.js';
import type { LiteCursor } from '../engine/cursor-registry.js';
import { Deadline } from '../engine/deadline.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { newScope, type RequestScope } from '../engine/request-scope.js';
import { applyStreamPipeline } from '../offload/change-stream-pipeline.js';
import { isHeavyFilter } from '../offload/heavy-filter.js';
import type { CommandContext } from './command-context.js';
import { refuseStages } from './run-pipeline.js';

export interface ChangeStreamRequest {
  readonly db: string;
  /** Undefined for a whole-database (or, on admin, whole-cluster) stream. */
  readonly collection: string | undefined;
  readonly stage: Document;
  readonly pipeline: readonly Document[];
  readonly batchSize: number | undefined;
  /** The aggregate's maxTimeMS: it bounds the stream's pipeline over each batch of events. */
  readonly maxTimeMS: number | undefined;
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
  refuseStages(request.pipeline);
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
    if (!context.changes.covers(time)) throw historyLost(context, time);
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
    if (!context.changes.covers(before)) throw historyLost(context, before);
    return before;
  }
  return context.changes.latestTime;
}

/**
 * Code 286, with a warn line: the client's driver gives up on the stream (a Socket.IO adapter
 * then reopens it from now, and what it missed is gone), so the lab's log says why and what to do.
 */
function historyLost(context: CommandContext, resumeAt: Timestamp): MongoCommandError {
  const { retainedEvents, horizon } = context.changes.limits;
  context.logger?.warn('Refused to resume a change stream: its resume point is no longer in the change history', {
    remoteAddress: context.connection.remoteAddress,
    resumeAt: `${resumeAt.high}.${resumeAt.low}`,
    historyStartsAfter: `${horizon.high}.${horizon.low}`,
    retainedEvents,
    hint: 'the stream fell more than MONGO_CHANGE_HISTORY events behind (or the data directory was new or repaired); raise MONGO_CHANGE_HISTORY',
  });
  return new MongoCommandError(
    ErrorCode.ChangeStreamHistoryLost,
    'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
    { errorLabels: ['NonResumableChangeStreamError'] },
  );
}

class ChangeStreamCursor implements LiteCursor {
  readonly exhausted = false;
  readonly namespace: string;
  private readonly closing = new AbortController();
  /** Compiled when every stage is a light `$match`, tested on this thread; else undefined. */
  private readonly filters: CompiledFilter[] | undefined;

  constructor(
    private readonly context: CommandContext,
    private readonly request: ChangeStreamRequest,
    private position: Timestamp,
    private readonly cluster: boolean,
    private readonly lookupFullDocument: boolean,
  ) {
    this.namespace = `${request.db}.${request.collection ?? '$cmd.aggregate'}`;
    // Compiled now in every case: a bad filter is refused when the stream opens.
    const filters = request.pipeline.flatMap((stage) =>
      '$match' in stage ? [compileFilter(stage['$match'] as Document)] : [],
    );
    const light = request.pipeline.every((stage) => '$match' in stage && !isHeavyFilter(stage['$match'] as Document));
    this.filters = light ? filters : undefined;
  }

  /** killCursors (or a stopping server) ends a pending wait at once. */
  close(): void {
    this.closing.abort();
  }

  replyFields(): Document {
    return { postBatchResumeToken: toResumeToken(this.position) };
  }

  async nextBatch(batchSize: number | undefined, maxTimeMS: number | undefined): Promise<Document[]> {
    let batch = await this.collect(batchSize);
    const waitMs = maxTimeMS ?? defaultAwaitMs;
    const deadline = Date.now() + waitMs;
    while (batch.length === 0 && waitMs > 0 && Date.now() < deadline && !this.closing.signal.aborted) {
      await this.context.changes.waitForEvent(deadline - Date.now(), this.closing.signal);
      batch = await this.collect(batchSize);
    }
    return batch;
  }

  /**
   * The next events through the stream's pipeline, a chunk at a time (it may run on a worker
   * thread). Each stage passes or drops an event, so a chunk of `limit - out.length` events
   * never overfills the batch.
   */
  private async collect(batchSize: number | undefined): Promise<Document[]> {
    const limit = batchSize === undefined || batchSize <= 0 ? 1000 : batchSize;
    const out: Document[] = [];
    const scope = this.batchScope();
    while (out.length < limit) {
      if (!this.context.changes.covers(this.position)) throw historyLost(this.context, this.position);
      const chunk = this.context.changes.after(this.position).slice(0, limit - out.length);
      if (chunk.length === 0) {
        // Nothing after the position, read just now: the token may move up to what is settled
        // (not to the latest time: a change waiting for its journal write would be skipped).
        if (out.length === 0) this.position = maxTime(this.position, this.context.changes.settledTime);
        break;
      }
      const documents = chunk.filter((event) => this.inScope(event)).map((event) => this.toEventDocument(event));
      out.push(...(await applyStreamPipeline(documents, this.request.pipeline, this.filters, scope)));
      this.position = chunk[chunk.length - 1]!.clusterTime;
    }
    return out;
  }

  /** The stream's pipeline over one batch is bounded by the aggregate's maxTimeMS. */
  private batchScope(): RequestScope {
    const alwaysExpired = this.context.failPoints.has('maxTimeAlwaysTimeOut');
    const deadline = Deadline.fromMaxTimeMS(this.request.maxTimeMS, alwaysExpired);
    return newScope(deadline, true, true, this.context.scope.clientGone);
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
}

function maxTime(a: Timestamp, b: Timestamp): Timestamp {
  return a.compare(b) >= 0 ? a : b;
}
