import {
  MongoError,
  type ChangeStream,
  type ChangeStreamInsertDocument,
  type ChangeStreamUpdateDocument,
  type Db,
  type Document,
  type ResumeToken,
} from 'mongodb';
import type { OrderUpdate } from '../lab-events.js';
import type { OutboxDocument, WebhookEventDocument } from './lab-documents.js';

export interface OutboxWatchOptions {
  /** Each change written to the outbox, by any process of the lab, in the order MongoDB applied them. */
  readonly onUpdate: (update: OrderUpdate) => void;
  /** The stream failed (MongoDB away, or a server without change streams); it is opened again after `retryMs`. */
  readonly onError: (error: Error) => void;
  /** The stream (re)opened and delivers again. */
  readonly onOpen?: () => void;
  /**
   * The stream cannot resume where it stopped: the server no longer holds the changes after the
   * last one delivered (a restarted embedded engine, an oplog that rolled over). It is reopened
   * from now at once; the changes in between may have been missed.
   */
  readonly onHistoryLost?: (error: Error) => void;
  readonly retryMs?: number;
}

export interface OutboxWatch {
  /** Idempotent; resolves once the server-side stream is closed. */
  close(): Promise<void>;
}

/** The changes that write an outbox entry: an insert into `outbox`, or the mark that makes a webhook event processed with its entry. */
type OutboxChange = ChangeStreamInsertDocument<OutboxDocument> | ChangeStreamUpdateDocument<WebhookEventDocument>;

/**
 * One stream over the database, so that both kinds come in the order MongoDB applied them. The
 * mark sets `outbox` whole, so its change names the entry among the updated fields (mongod and
 * the embedded engine alike); the relay's later marks set `outbox.status` to another status.
 */
const outboxWrites: Document[] = [
  {
    $match: {
      $or: [
        { operationType: 'insert', 'ns.coll': 'outbox' },
        {
          operationType: 'update',
          'ns.coll': 'webhook_events',
          'updateDescription.updatedFields.outbox.status': 'pending',
        },
      ],
    },
  },
];

/**
 * Follows the outbox entries with a change stream: every service writes each order change as one
 * before acknowledging it (the gRPC server into `outbox`, the receiver into the webhook event it
 * marks processed), so this sees every domain's changes whether or not the ws-server runs, at no
 * cost to the writers (the engine filters the database's changes for it). After a failure it
 * resumes from the last change it delivered (its resume token), so a reopened stream neither
 * misses nor repeats a change the oplog still holds; when the server refuses that resume point
 * (ChangeStreamHistoryLost and the other non-resumable errors of the driver's change stream
 * spec), retrying with the same token would fail forever, so it reopens from now and says so
 * (`onHistoryLost`). Change streams need a replica set: the
 * embedded engine is one, so are Atlas and `mongod --replSet`; a standalone mongod refuses them
 * and `onError` says so.
 */
export function watchOutbox(db: Db, options: OutboxWatchOptions): OutboxWatch {
  const retryMs = options.retryMs ?? 1000;
  let stream: ChangeStream<Document, OutboxChange> | undefined;
  let resumeToken: ResumeToken | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  /** Iterator mode: the first `tryNext` runs the aggregate, so `onOpen` means changes from now on are seen. */
  async function follow(): Promise<void> {
    while (!closed) {
      const opened = db.watch<Document, OutboxChange>(outboxWrites, {
        maxAwaitTimeMS: 200,
        ...(resumeToken === undefined ? {} : { startAfter: resumeToken }),
      });
      stream = opened;
      try {
        let change = await opened.tryNext();
        options.onOpen?.();
        for (;;) {
          // The stream's own token also moves past changes the $match filtered out.
          resumeToken = opened.resumeToken ?? resumeToken;
          const update = change === null ? undefined : toOutboxUpdate(change);
          if (update !== undefined) options.onUpdate(update);
          if (closed) return;
          change = await opened.next();
        }
      } catch (error) {
        await opened.close().catch(() => undefined);
        if (closed) return;
        options.onError(error as Error);
        if (resumeToken !== undefined && isResumePointLost(error)) {
          resumeToken = undefined;
          options.onHistoryLost?.(error as Error);
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          retry = setTimeout(resolve, retryMs);
        });
      }
    }
  }

  const following = follow();
  let closing: Promise<void> | undefined;
  return {
    close: () =>
      (closing ??= (async () => {
        closed = true;
        clearTimeout(retry);
        wake?.();
        await stream?.close().catch(() => undefined);
        await following;
      })()),
  };
}

/** The entry a change wrote. */
function toOutboxUpdate(change: OutboxChange): OrderUpdate | undefined {
  if (change.operationType === 'insert') return change.fullDocument.update;
  return (change.updateDescription?.updatedFields as Partial<WebhookEventDocument> | undefined)?.outbox?.update;
}

/**
 * The server refused the resume point itself, as opposed to being away: ChangeStreamHistoryLost
 * (286), ChangeStreamFatalError (280), InvalidResumeToken (260), or any error MongoDB labels
 * NonResumableChangeStreamError.
 */
function isResumePointLost(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  return (
    error.code === 286 ||
    error.code === 280 ||
    error.code === 260 ||
    error.hasErrorLabel('NonResumableChangeStreamError')
  );
}
