import type { Logger } from '../../log/log-entry.js';
import type { LabDb } from '../../mongo/connect-mongo.js';
import type { OrderUpdate } from '../../lab-events.js';
import type { OutboxPlace, PendingOutboxEntry } from '../../mongo/outbox-place.js';
import { outboxPlaces, toOutboxPlace } from '../../mongo/outbox-places.js';
import type { OrderUpdatePublisher } from '../order-update-publisher.js';
import { startOrderUpdatePublisher } from './start-order-update-publisher.js';

export interface OutboxRelayOptions {
  readonly db: LabDb;
  /** The ws-server's base URL (`WS_SERVER_URL`); entries go to its `/internal` namespace. */
  readonly wsServerUrl: string;
  readonly internalToken: string;
  readonly logger: Logger;
  /** How often the outbox is read for entries nobody in this process is sending (a crashed process's, say). */
  readonly pollIntervalMs?: number;
  /**
   * Entries younger than this are left to the process that wrote them, which hands them over
   * at once: the poll then does not send them a second time.
   */
  readonly graceMs?: number;
  /** Entries on their way at once; more wait in the outbox until these are acknowledged. */
  readonly maxInFlight?: number;
}

/** Every this many polls (and whenever nothing is on its way), a poll reads each place from its oldest entry. */
const fullReadEvery = 10;

/** Takes entries already written to the outbox (`publish` is the writer's "send it now"). */
export interface StartedOutboxRelay extends OrderUpdatePublisher {
  stop(): Promise<void>;
}

/**
 * Delivers the outbox entries (the `outbox` collection's and those webhook events carry) to the
 * ws-server and marks each entry sent, where it is kept, once the server acknowledges it (it
 * stores, then broadcasts). Entries handed over by this process go at once;
 * a periodic read finds the rest (written by a process that died, or pushed out while too many
 * were on their way). The Socket.IO publisher is the transport: it batches, keeps the order and
 * sends again what was not acknowledged, across ws-server restarts. A crash anywhere means an
 * entry is sent again, never lost: the ws-server recognises repeats by `eventId`.
 */
export function startOutboxRelay(options: OutboxRelayOptions): StartedOutboxRelay {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const graceMs = options.graceMs ?? 2000;
  const maxInFlight = options.maxInFlight ?? 5000;
  /** Keys handed to the transport and not yet marked sent in MongoDB, with where each is kept. */
  const inFlight = new Map<string, OutboxPlace>();
  const toMark: Array<{ key: string; place: OutboxPlace }> = [];
  /** Where an acknowledged entry is marked: where the poll found it, or where its writer said it wrote it. */
  const placeOf = (update: OrderUpdate) => inFlight.get(update.eventId) ?? toOutboxPlace('outbox');
  /**
   * Where each place's next poll starts: after the newest entry the last poll read, or before the
   * oldest it could not take. The entries before it are on their way (the transport sends them
   * until they are acknowledged), so while acknowledgements lag a poll reads only what is new
   * instead of every entry in flight again. A poll reads from the start every `fullReadEvery`
   * polls and whenever nothing is on its way: an entry whose write landed after a newer one was
   * read (another process's, delayed) is found then.
   */
  const resumeAfter = new Map<OutboxPlace, Date>();
  let pollsSinceFullRead = 0;
  let marking = false;
  let stopped = false;
  let mongoOutage = false;
  let timer: NodeJS.Timeout | undefined;

  const transport = startOrderUpdatePublisher({
    wsServerUrl: options.wsServerUrl,
    internalToken: options.internalToken,
    logger: options.logger,
    maxQueued: maxInFlight + 1,
    onAcknowledged: (updates, refused) => {
      const refusedIds = new Set(refused.map(({ update }) => update.eventId));
      for (const update of updates)
        if (!refusedIds.has(update.eventId)) toMark.push({ key: update.eventId, place: placeOf(update) });
      for (const { update, message } of refused) void markRefused(update, message);
      void markSent();
    },
  });

  /**
   * An entry the ws-server refused for good is never published: said as an error, and marked
   * `refused` rather than `sent`, so that nothing counts it as delivered. Until that mark is
   * written it stays pending, and is sent (and refused, and said) again.
   */
  async function markRefused(update: OrderUpdate, reason: string): Promise<void> {
    options.logger.error('ws-server refused a notification for good; it will never be published', {
      eventId: update.eventId,
      orderId: update.orderId,
      reason,
    });
    try {
      await placeOf(update).markRefused(options.db, update.eventId, reason, new Date());
      reportMongo(undefined);
    } catch (error) {
      reportMongo(error);
    } finally {
      inFlight.delete(update.eventId);
    }
  }

  /** Hands an entry to the transport; whether it is on its way now (false: stopped, or too many are). */
  function send(update: OrderUpdate, place: OutboxPlace): boolean {
    if (inFlight.has(update.eventId)) return true;
    if (stopped || inFlight.size >= maxInFlight) return false;
    inFlight.set(update.eventId, place);
    transport.publish(update);
    return true;
  }

  /** Sends the entries a poll read; where the next poll of their place starts (undefined: where this one did). */
  function sendRead(pending: readonly PendingOutboxEntry[], place: OutboxPlace, pageFull: boolean): Date | undefined {
    for (const entry of pending) if (!send(entry.update, place)) return new Date(entry.createdAt.getTime() - 1);
    const newest = pending.at(-1)?.createdAt;
    // A full page may end amid entries written in the same millisecond: the next poll reads that one again.
    return newest === undefined || !pageFull ? newest : new Date(newest.getTime() - 1);
  }

  /** Marks what was acknowledged, one write per place for everything waiting; on failure they wait for the next try. */
  async function markSent(): Promise<void> {
    if (marking || toMark.length === 0) return;
    marking = true;
    const marks = toMark.splice(0);
    const failures: unknown[] = [];
    try {
      const now = new Date();
      await Promise.all(
        outboxPlaces.map(async (place) => {
          const mine = marks.filter((mark) => mark.place === place);
          const keys = mine.map((mark) => mark.key);
          try {
            await place.markSent(options.db, keys, now);
            for (const key of keys) inFlight.delete(key);
          } catch (error) {
            toMark.unshift(...mine);
            failures.push(error);
          }
        }),
      );
      reportMongo(failures[0]);
    } finally {
      marking = false;
    }
    // Acknowledgements that came while this write ran are marked at once; after a failure, later.
    if (toMark.length > 0 && !stopped) {
      if (failures.length > 0) schedule(markSent, retryDelayMs());
      else void markSent();
    }
  }

  async function poll(): Promise<void> {
    if (stopped) return;
    try {
      const room = maxInFlight - inFlight.size;
      if (room > 0) {
        const before = new Date(Date.now() - graceMs);
        if (inFlight.size === 0 || ++pollsSinceFullRead >= fullReadEvery) {
          pollsSinceFullRead = 0;
          resumeAfter.clear();
        }
        for (const place of outboxPlaces) {
          const after = resumeAfter.get(place);
          const limit = Math.min(room + inFlight.size, maxInFlight);
          const pending = await place.readPending(options.db, {
            before,
            limit,
            ...(after === undefined ? {} : { after }),
          });
          const resume = sendRead(pending, place, pending.length === limit);
          if (resume !== undefined) resumeAfter.set(place, resume);
        }
      }
      reportMongo(undefined);
    } catch (error) {
      reportMongo(error);
    }
    if (toMark.length > 0) void markSent();
    timer = schedule(poll, mongoOutage ? retryDelayMs() : pollIntervalMs);
  }

  /** One line when MongoDB goes away and one when it is back, however many reads fail between. */
  function reportMongo(error: unknown): void {
    if (stopped) return;
    if (error !== undefined && !mongoOutage)
      options.logger.warn('Outbox relay cannot reach MongoDB; notifications wait in the outbox', {
        error: (error as Error).message,
      });
    if (error === undefined && mongoOutage) options.logger.info('Outbox relay reached MongoDB again');
    mongoOutage = error !== undefined;
  }

  function retryDelayMs(): number {
    return Math.max(pollIntervalMs, 2000);
  }

  function schedule(task: () => Promise<void>, delayMs: number): NodeJS.Timeout {
    const handle = setTimeout(() => void task(), delayMs);
    handle.unref();
    return handle;
  }

  void poll();
  return {
    publish: (update, keptIn = 'outbox') => send(update, toOutboxPlace(keptIn)),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await markSent();
      await transport.stop();
    },
  };
}
