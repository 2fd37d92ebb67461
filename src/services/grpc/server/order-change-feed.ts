import type { OrderUpdate } from '../../../lab-events.js';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { findOrder } from '../../../mongo/order-store.js';
import { watchOutbox, type OutboxWatch } from '../../../mongo/watch-outbox.js';
import type { OrderChange } from '../generated/rtlab/orders/v1/OrderChange.js';
import { toProtoOrder, toProtoSource, toProtoStatus, toTimestamp } from '../order-mapping.js';

/**
 * Ends a subscription that can no longer keep its promise: `unsupported` when this MongoDB cannot
 * give changes at all (a standalone mongod), `missed` when changes after the last one delivered
 * may have been lost (MongoDB lost its change history: a restarted embedded engine).
 */
export type FeedUnavailable = (reason: string, kind: 'unsupported' | 'missed') => void;

export interface OrderChangeSubscription {
  /**
   * Resolves once changes made from now on will be delivered: the change stream is open now, or,
   * while it is down, once it is open again.
   */
  readonly opened: Promise<void>;
  unsubscribe(): void;
}

/** Live order changes for every WatchOrders stream of one server. */
export interface OrderChangeFeed {
  subscribe(onChange: (change: OrderChange) => void, onUnavailable: FeedUnavailable): OrderChangeSubscription;
  stop(): Promise<void>;
}

/**
 * One change stream on `outbox` per server, opened by the first WatchOrders call and shared by
 * all of them: a thousand watchers cost one cursor and one order read per change, not a thousand.
 * Changes are delivered in the order MongoDB applied them, each with the order as it is when read.
 */
export function createOrderChangeFeed(db: LabDb, logger: Logger): OrderChangeFeed {
  /** Each subscriber, and whether it was promised changes (its `opened` resolved). */
  const subscribers = new Map<(change: OrderChange) => void, { unavailable: FeedUnavailable; live: boolean }>();
  let watch: OutboxWatch | undefined;
  let markOpen: () => void = () => undefined;
  let opened = new Promise<void>((resolve) => (markOpen = resolve));
  let open = false;
  let failing = false;
  /** While the stream is down, subscribers wait for it: their `opened` is a new, pending promise. */
  const markDown = () => {
    if (!open) return;
    open = false;
    opened = new Promise<void>((resolve) => (markOpen = resolve));
  };
  /** Each change waits for the one before it: the order read is async, the delivery order must not be. */
  let delivering = Promise.resolve();

  function deliver(update: OrderUpdate): void {
    delivering = delivering
      .then(async () => {
        const order = await findOrder(db, update.orderId).catch(() => null);
        const change: OrderChange = {
          orderId: update.orderId,
          status: toProtoStatus(update.status),
          source: toProtoSource(update.source),
          eventId: update.eventId,
          at: toTimestamp(new Date(update.at)),
          ...(order === null ? {} : { order: toProtoOrder(order) }),
        };
        for (const subscriber of subscribers.keys()) subscriber(change);
      })
      .catch((error: unknown) => {
        // One change that could not be delivered must not stop the ones after it.
        logger.error('WatchOrders could not deliver a change', {
          orderId: update.orderId,
          error: (error as Error).message,
        });
      });
  }

  function start(): OutboxWatch {
    return watchOutbox(db, {
      onUpdate: deliver,
      onOpen: () => {
        if (failing) logger.info('WatchOrders follows order changes again');
        failing = false;
        open = true;
        for (const subscriber of subscribers.values()) subscriber.live = true;
        markOpen();
      },
      onError: (error) => {
        markDown();
        if (isChangeStreamUnsupported(error)) {
          // A standalone mongod will never have them: watchers are told, not left waiting.
          const reason =
            'WatchOrders needs MongoDB change streams: a replica set (the embedded engine, Atlas, mongod --replSet)';
          for (const { unavailable } of subscribers.values()) unavailable(reason, 'unsupported');
          subscribers.clear();
        }
        if (!failing) logger.warn('WatchOrders cannot follow order changes; retrying', { error: error.message });
        failing = true;
      },
      onHistoryLost: (error) => {
        // Those promised every change cannot have them: they are told, and watch (and list) again.
        // Those still waiting for the stream were promised nothing yet: they get it from now on.
        const ended = [...subscribers].filter(([, subscriber]) => subscriber.live);
        logger.warn('WatchOrders lost MongoDB change history; following changes from now', {
          error: error.message,
          endedWatchers: ended.length,
        });
        const reason =
          'MongoDB lost its change history (it restarted): changes may have been missed; list orders again and watch again';
        for (const [onChange, { unavailable }] of ended) {
          subscribers.delete(onChange);
          unavailable(reason, 'missed');
        }
      },
    });
  }

  return {
    subscribe(onChange, onUnavailable) {
      subscribers.set(onChange, { unavailable: onUnavailable, live: open });
      watch ??= start();
      return { opened, unsubscribe: () => subscribers.delete(onChange) };
    },
    async stop() {
      subscribers.clear();
      await watch?.close();
      watch = undefined;
      open = false;
      opened = new Promise<void>((resolve) => (markOpen = resolve));
    },
  };
}

/** mongod's answer to `$changeStream` outside a replica set (code 40573), or on a server without them at all. */
function isChangeStreamUnsupported(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 40573 || code === 40324 || /only supported on replica sets/i.test(error.message);
}
