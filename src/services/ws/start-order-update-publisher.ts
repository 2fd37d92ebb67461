import { io, type Socket } from 'socket.io-client';
import type { Logger } from '../../log/log-entry.js';
import type { OrderUpdate } from '../../lab-events.js';
import type { OrderUpdatePublisher } from '../order-update-publisher.js';

export interface OrderUpdatePublisherOptions {
  /** The ws-server's base URL (`WS_SERVER_URL`); updates go to its `/internal` namespace. */
  readonly wsServerUrl: string;
  /** Authenticates publishers on `/internal`. */
  readonly internalToken: string;
  readonly logger: Logger;
  /** Updates kept while the ws-server is away; past this the oldest are dropped (and said so). */
  readonly maxQueued?: number;
  readonly ackTimeoutMs?: number;
  /**
   * Told which updates the ws-server acknowledged: all of them, and among them those it refused
   * for good, with its reason (the outbox relay marks the first sent and the others refused).
   */
  readonly onAcknowledged?: (
    updates: readonly OrderUpdate[],
    refused: ReadonlyArray<{ readonly update: OrderUpdate; readonly message: string }>,
  ) => void;
}

export interface StartedOrderUpdatePublisher extends OrderUpdatePublisher {
  /** Updates not yet acknowledged by the ws-server. */
  readonly pending: number;
  stop(): Promise<void>;
}

/**
 * Publishes order updates to the ws-server over Socket.IO. Each update waits in a bounded queue
 * until the server acknowledges it (it stores, then broadcasts), so updates published while the
 * ws-server restarts arrive once it is back, in order.
 */
export function startOrderUpdatePublisher(options: OrderUpdatePublisherOptions): StartedOrderUpdatePublisher {
  const maxQueued = options.maxQueued ?? 1000;
  // Oldest first; `sent` entries await their acknowledgement.
  const queue: Array<{ update: OrderUpdate; sent: boolean }> = [];
  /** The batch awaiting its acknowledgement, if any (one at a time keeps the order). */
  let inFlight: unknown[] | undefined;
  let reportedOutage = false;
  const socket: Socket = io(`${options.wsServerUrl.replace(/\/$/, '')}/internal`, {
    auth: { token: options.internalToken },
    transports: ['websocket'],
    reconnectionDelay: 250,
    reconnectionDelayMax: 2000,
  });
  socket.on('connect', () => {
    if (reportedOutage)
      options.logger.info('Connected to the ws-server again; sending queued notifications', { queued: queue.length });
    reportedOutage = false;
    pump();
  });
  socket.on('disconnect', () => {
    // Whatever was not acknowledged goes again, in order, once connected.
    for (const entry of queue) entry.sent = false;
    inFlight = undefined;
  });
  socket.on('connect_error', (error) => {
    if (reportedOutage) return;
    reportedOutage = true;
    options.logger.warn('ws-server unreachable; notifications are queued until it is back', {
      url: options.wsServerUrl,
      error: error.message,
    });
  });

  /**
   * Sends everything waiting as one batch, one batch at a time: a busy publisher pays one message
   * and one acknowledgement for many updates, and order is kept.
   */
  function pump(): void {
    if (!socket.connected || inFlight !== undefined) return;
    const batch = takeBatch();
    if (batch.length === 0) return;
    for (const entry of batch) entry.sent = true;
    inFlight = batch;
    void socket
      .timeout(options.ackTimeoutMs ?? 5000)
      .emitWithAck(
        'order:updates',
        batch.map((entry) => entry.update),
      )
      .then(
        (reply: BatchReply) => settle(batch, reply),
        () => settle(batch, undefined),
      );
  }

  /**
   * The front of the queue, up to `maxBatch` updates and `maxBatchBytes`: the ws-server closes a
   * connection whose message passes its size limit, and a batch over it would be sent again and
   * again, never acknowledged.
   */
  function takeBatch(): Array<{ update: OrderUpdate; sent: boolean }> {
    let bytes = 0;
    let count = 0;
    while (count < queue.length && count < maxBatch) {
      bytes += Buffer.byteLength(JSON.stringify(queue[count]!.update)) + 1;
      if (count > 0 && bytes > maxBatchBytes) break;
      count++;
    }
    return queue.slice(0, count);
  }

  function settle(batch: Array<{ update: OrderUpdate; sent: boolean }>, reply: BatchReply | undefined): void {
    // An answer to a batch from before a reconnect: that batch has been sent again since.
    if (inFlight !== batch && reply?.ok !== true) return;
    if (inFlight === batch) inFlight = undefined;
    if (reply?.ok === true) {
      const refused = (reply.rejected ?? []).flatMap(({ index, message }) =>
        batch[index] === undefined ? [] : [{ update: batch[index].update, message }],
      );
      for (const { update, message } of refused)
        options.logger.warn('ws-server refused a notification; dropped it', { message, update });
      removeSettled(batch);
      options.onAcknowledged?.(
        batch.map((entry) => entry.update),
        refused,
      );
      pump();
      return;
    }
    // No acknowledgement, or a passing failure (storage, rate limit): the same batch goes again shortly.
    for (const entry of batch) entry.sent = false;
    setTimeout(pump, 250).unref();
  }

  /** A batch is normally the front of the queue: drop that prefix; otherwise drop its entries wherever they are. */
  function removeSettled(batch: ReadonlyArray<{ update: OrderUpdate; sent: boolean }>): void {
    let prefix = 0;
    while (prefix < batch.length && queue[prefix] === batch[prefix]) prefix++;
    if (prefix === batch.length) {
      queue.splice(0, prefix);
      return;
    }
    const settled = new Set(batch);
    const remaining = queue.filter((entry) => !settled.has(entry));
    queue.splice(0, queue.length, ...remaining);
  }

  return {
    get pending() {
      return queue.length;
    },
    publish(update) {
      queue.push({ update, sent: false });
      if (queue.length > maxQueued) {
        const dropped = queue.findIndex((entry) => !entry.sent);
        options.logger.warn('Notification queue full; dropped the oldest unsent', {
          maxQueued,
          dropped: queue[dropped]?.update,
        });
        if (dropped !== -1) queue.splice(dropped, 1);
      }
      pump();
    },
    async stop() {
      socket.close();
    },
  };
}

/** At most this many updates in one message. */
const maxBatch = 500;
/** Half the ws-server's 64 kB message limit, leaving room for Socket.IO's framing. */
const maxBatchBytes = 32 * 1024;

interface BatchReply {
  readonly ok?: boolean;
  readonly error?: string;
  readonly rejected?: ReadonlyArray<{ readonly index: number; readonly message: string }>;
}
