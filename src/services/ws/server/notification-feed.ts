import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';
import type { NotificationUpdate, OrderUpdate } from '../../../lab-events.js';
import {
  latestNotifications,
  notificationSequence,
  notificationsAt,
  storeNotification,
} from '../../../mongo/notification-store.js';
import { SequenceAllocator } from '../../../mongo/sequence-counter.js';
import type { NotificationsServerToClient } from '../ws-events.js';
import { NotificationRing } from './notification-ring.js';
import { SharedReplayReads } from './shared-replay-reads.js';

/** The room of `/notifications` sockets that are caught up and receive broadcasts. */
export const liveRoom = 'live';

export type AcceptResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: 'database_unavailable' | 'storage_failed'; readonly message: string };

/** Sends to live clients before a broadcast gives the event loop a turn. */
const sendsPerTurn = 5000;

/** How the feed keeps replays cheap: the newest notifications in memory, and shared MongoDB reads. */
export interface ReplayOptions {
  /** How many of the newest notifications are held in memory (more than the largest replay). */
  readonly ringSize: number;
  /** The most notifications one MongoDB replay read returns. */
  readonly pageSize: number;
  /** The most replay reads running at once; the others wait their turn. */
  readonly concurrentReads: number;
}

/**
 * The ordered feed of `/notifications`. Each accepted update gets a position (`seq`) from a
 * counter in MongoDB, is stored, then broadcast; broadcasts go out in position order, so
 * `broadcastUpTo` is a watermark: everything at or below it is in MongoDB (or was never stored),
 * everything above it will still be broadcast. A reconnecting client is replayed from MongoDB up
 * to the watermark and handed the broadcasts after it: nothing missed, nothing twice.
 *
 * Every broadcast also goes into `ring`, the newest notifications in memory, so that most replays
 * read no MongoDB at all; the others go through `reads`, shared and capped.
 */
export class NotificationFeed {
  private inOrder: Promise<void> = Promise.resolve();
  private readonly allocator: SequenceAllocator;
  /** Positioned updates whose write failed; some may be in MongoDB (see broadcastLanded). */
  private readonly uncertain: NotificationUpdate[] = [];
  readonly reads: SharedReplayReads;

  private constructor(
    private readonly db: LabDb,
    private readonly notifications: Namespace<Record<string, never>, NotificationsServerToClient>,
    private readonly logger: Logger,
    private broadcastUpTo: number,
    readonly ring: NotificationRing,
    options: ReplayOptions,
  ) {
    this.allocator = new SequenceAllocator(db, notificationSequence);
    this.reads = new SharedReplayReads(db, options.pageSize, options.concurrentReads);
  }

  /**
   * Starts from the highest position stored, so that a restarted server replays what it stored
   * before, with the newest stored notifications in the ring.
   */
  static async load(
    db: LabDb,
    notifications: Namespace<Record<string, never>, NotificationsServerToClient>,
    logger: Logger,
    options: ReplayOptions,
  ): Promise<NotificationFeed> {
    const newest = await latestNotifications(db, options.ringSize + 1);
    const ring = NotificationRing.filled(options.ringSize, newest);
    return new NotificationFeed(db, notifications, logger, newest[0]?.seq ?? 0, ring, options);
  }

  /** The newest `limit` notifications up to `upTo`, newest first: from memory when the ring holds them all. */
  async recent(limit: number, upTo: number): Promise<NotificationUpdate[]> {
    const held = this.ring.countBetween(this.ring.from, upTo);
    return this.ring.from === 0 || held >= limit ? this.ring.newest(limit, upTo) : this.reads.newest(limit, upTo);
  }

  /** Everything at or below this position was broadcast (or never stored); everything above will be. */
  get watermark(): number {
    return this.broadcastUpTo;
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
      // A failed write may still have landed: the ring cannot vouch for that position, MongoDB can.
      const failed = outcome.positioned.filter((_, index) => outcome.results[index] === 'failed');
      if (failed.length > 0) this.ring.forgetUpTo(failed.at(-1)!.seq);
      this.uncertain.push(...failed);
      if (outcome.result.ok) await this.broadcastLanded();
      if (outcome.positioned.length > 0)
        await this.broadcast(
          outcome.positioned.filter((_, index) => outcome.results[index] === 'stored'),
          outcome.positioned.at(-1)!.seq,
        );
      return outcome.result;
    });
    this.inOrder = accepted.then(() => undefined);
    return accepted;
  }

  /**
   * Updates whose write failed with MongoDB gone may have landed all the same (journalled, the
   * reply lost). Their publisher sends them again, and then they are duplicates, never broadcast:
   * a client connected all along would miss them. Once MongoDB takes writes again, those that did
   * land are read back and sent to the live clients, late (replays already read them from MongoDB).
   */
  private async broadcastLanded(): Promise<void> {
    if (this.uncertain.length === 0) return;
    const seqs = this.uncertain.map((update) => update.seq);
    let landed: NotificationUpdate[];
    try {
      landed = await notificationsAt(this.db, seqs);
    } catch {
      return;
    }
    this.uncertain.splice(0);
    for (const update of landed) this.notifications.to(liveRoom).emit('order:update', update);
    this.logBroadcast(landed);
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

  /**
   * Broadcasts in position order. Each update is sent to every live client: with thousands of
   * them, a batch is many sends, so after about `sendsPerTurn` the event loop gets a turn
   * (connections, chat, health checks); the next batch waits, and the ring and the watermark move
   * with each update, so a client that connects meanwhile sees a consistent feed.
   */
  private async broadcast(updates: readonly NotificationUpdate[], upTo: number): Promise<void> {
    let sends = 0;
    for (const update of updates) {
      if (sends >= sendsPerTurn) {
        await new Promise((resolve) => setImmediate(resolve));
        sends = 0;
      }
      this.notifications.to(liveRoom).emit('order:update', update);
      sends += this.notifications.adapter.rooms.get(liveRoom)?.size ?? 0;
      this.ring.append(update);
      this.broadcastUpTo = Math.max(this.broadcastUpTo, update.seq);
    }
    this.broadcastUpTo = Math.max(this.broadcastUpTo, upTo);
    this.logBroadcast(updates);
  }

  /**
   * The seed's `order:update` line: one per update published alone (as the lab's single events
   * are), one per batch under a burst, naming every order in it (so `--grep <orderId>` finds it)
   * — a line per update cost the ws-server a sixth of its time under load.
   */
  private logBroadcast(updates: readonly NotificationUpdate[]): void {
    const clients = this.notifications.sockets.size;
    const only = updates.length === 1 ? updates[0] : undefined;
    if (only !== undefined) {
      const { orderId, status, source, eventId, seq } = only;
      this.logger.info('order:update', { orderId, status, source, eventId, seq, clients });
    } else if (updates.length > 1) {
      this.logger.info('order:update', {
        count: updates.length,
        orderIds: updates.map((update) => update.orderId),
        seqs: `${updates[0]!.seq}-${updates.at(-1)!.seq}`,
        clients,
      });
    }
  }
}
