import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';
import type { NotificationUpdate, OrderUpdate } from '../../../lab-events.js';
import { highestNotificationSeq, notificationSequence, storeNotification } from '../../../mongo/notification-store.js';
import { SequenceAllocator } from '../../../mongo/sequence-counter.js';
import type { NotificationsServerToClient } from '../ws-events.js';

/** The room of `/notifications` sockets that are caught up and receive broadcasts. */
export const liveRoom = 'live';

export type AcceptResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: 'database_unavailable' | 'storage_failed'; readonly message: string };

/** A client catching up: broadcasts after `upTo` wait in `buffer` until its replay is sent. */
export interface CatchUp {
  readonly upTo: number;
  readonly buffer: NotificationUpdate[];
}

/**
 * The ordered feed of `/notifications`. Each accepted update gets a position (`seq`) from a
 * counter in MongoDB, is stored, then broadcast; broadcasts go out in position order, so
 * `broadcastUpTo` is a watermark: everything at or below it is in MongoDB (or was never stored),
 * everything above it will still be broadcast. A reconnecting client is replayed from MongoDB up
 * to the watermark and handed the broadcasts after it: nothing missed, nothing twice.
 */
export class NotificationFeed {
  private inOrder: Promise<void> = Promise.resolve();
  private readonly catchingUp = new Set<CatchUp>();
  private readonly allocator: SequenceAllocator;

  private constructor(
    private readonly db: LabDb,
    private readonly notifications: Namespace<Record<string, never>, NotificationsServerToClient>,
    private readonly logger: Logger,
    private broadcastUpTo: number,
  ) {
    this.allocator = new SequenceAllocator(db, notificationSequence);
  }

  /** Starts from the highest position stored, so that a restarted server replays what it stored before. */
  static async load(
    db: LabDb,
    notifications: Namespace<Record<string, never>, NotificationsServerToClient>,
    logger: Logger,
  ): Promise<NotificationFeed> {
    return new NotificationFeed(db, notifications, logger, await highestNotificationSeq(db));
  }

  /**
   * Positions and stores updates now (concurrent batches share round trips), then broadcasts them
   * in arrival order. A redelivered update (same eventId and status) is stored and broadcast once,
   * and still acknowledged: publishers deliver at least once.
   */
  accept(updates: readonly OrderUpdate[]): Promise<AcceptResult> {
    const unique = [...new Map(updates.map((update) => [`${update.eventId}\0${update.status}`, update])).values()];
    const stored = this.store(unique);
    const accepted = this.inOrder.then(async () => {
      const outcome = await stored;
      if (outcome.positioned.length > 0)
        this.broadcast(
          outcome.positioned.filter((_, index) => outcome.results[index] === 'stored'),
          outcome.positioned.at(-1)!.seq,
        );
      return outcome.result;
    });
    this.inOrder = accepted.then(() => undefined);
    return accepted;
  }

  private async store(updates: readonly OrderUpdate[]): Promise<{
    positioned: NotificationUpdate[];
    results: Array<'stored' | 'duplicate' | 'failed'>;
    result: AcceptResult;
  }> {
    if (updates.length === 0) return { positioned: [], results: [], result: { ok: true } };
    let first: number;
    try {
      first = await this.allocator.allocate(updates.length);
    } catch (error) {
      return { positioned: [], results: [], result: this.failure(error, updates.length) };
    }
    const positioned = updates.map((update, index) => ({ ...update, seq: first + index }));
    const settled = await Promise.allSettled(positioned.map((update) => storeNotification(this.db, update)));
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    return {
      positioned,
      results: settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : 'failed')),
      // What was stored is broadcast; the publisher sends the whole batch again and the stored ones are duplicates then.
      result: failure === undefined ? { ok: true } : this.failure(failure.reason, updates.length),
    };
  }

  private failure(error: unknown, count: number): AcceptResult {
    this.logger.warn('Could not store notifications; the publisher will retry', {
      count,
      error: (error as Error).message,
    });
    return isMongoUnavailable(error)
      ? {
          ok: false,
          error: 'database_unavailable',
          message: 'MongoDB is unreachable; the updates were not stored, retry',
        }
      : { ok: false, error: 'storage_failed', message: `MongoDB refused the updates: ${(error as Error).message}` };
  }

  private broadcast(updates: readonly NotificationUpdate[], upTo: number): void {
    for (const update of updates) {
      this.notifications.to(liveRoom).emit('order:update', update);
      for (const catchUp of this.catchingUp) catchUp.buffer.push(update);
      this.logger.info('order:update', {
        orderId: update.orderId,
        status: update.status,
        source: update.source,
        eventId: update.eventId,
        seq: update.seq,
        clients: this.notifications.sockets.size,
      });
    }
    this.broadcastUpTo = Math.max(this.broadcastUpTo, upTo);
  }

  /** Holds the broadcasts after the watermark for a client being replayed up to it. */
  beginCatchUp(): CatchUp {
    const catchUp: CatchUp = { upTo: this.broadcastUpTo, buffer: [] };
    this.catchingUp.add(catchUp);
    return catchUp;
  }

  endCatchUp(catchUp: CatchUp): void {
    this.catchingUp.delete(catchUp);
  }
}
