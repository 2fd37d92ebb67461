import type { OrderUpdate } from '../../../lab-events.js';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { findOrder } from '../../../mongo/order-store.js';
import { watchOutbox, type OutboxWatch } from '../../../mongo/watch-outbox.js';
import type { OrderChange } from '../generated/rtlab/orders/v1/OrderChange.js';
import { toProtoOrder, toProtoSource, toProtoStatus, toTimestamp } from '../order-mapping.js';

/** Called instead of changes when this MongoDB cannot give them at all (a standalone mongod). */
export type FeedUnavailable = (reason: string) => void;

export interface OrderChangeSubscription {
  /** Resolves once changes made from now on will be delivered (the change stream is open). */
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
  const subscribers = new Map<(change: OrderChange) => void, FeedUnavailable>();
  let watch: OutboxWatch | undefined;
  let markOpen: () => void = () => undefined;
  let opened = new Promise<void>((resolve) => (markOpen = resolve));
  let failing = false;
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
        markOpen();
      },
      onError: (error) => {
        if (isChangeStreamUnsupported(error)) {
          // A standalone mongod will never have them: watchers are told, not left waiting.
          const reason =
            'WatchOrders needs MongoDB change streams: a replica set (the embedded engine, Atlas, mongod --replSet)';
          for (const unavailable of subscribers.values()) unavailable(reason);
          subscribers.clear();
        }
        if (!failing) logger.warn('WatchOrders cannot follow order changes; retrying', { error: error.message });
        failing = true;
      },
    });
  }

  return {
    subscribe(onChange, onUnavailable) {
      subscribers.set(onChange, onUnavailable);
      watch ??= start();
      return { opened, unsubscribe: () => subscribers.delete(onChange) };
    },
    async stop() {
      subscribers.clear();
      await watch?.close();
      watch = undefined;
      opened = new Promise<void>((resolve) => (markOpen = resolve));
    },
  };
}

/** mongod's answer to `$changeStream` outside a replica set (code 40573), or on a server without them at all. */
function isChangeStreamUnsupported(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 40573 || code === 40324 || /only supported on replica sets/i.test(error.message);
}
