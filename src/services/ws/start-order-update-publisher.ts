import { io, type Socket } from 'socket.io-client';
import type { Logger } from '../../log/log-entry.js';
import type { OrderUpdate } from '../../mongo/lab-documents.js';
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
  const queue: OrderUpdate[] = [];
  let flushing = false;
  let reportedOutage = false;
  const socket: Socket = io(`${options.wsServerUrl.replace(/\/$/, '')}/internal`, {
    auth: { token: options.internalToken },
    transports: ['websocket'],
    reconnectionDelay: 250,
    reconnectionDelayMax: 2000,
  });
  socket.on('connect', () => {
    if (reportedOutage) options.logger.info('Connected to the ws-server again; sending queued notifications', { queued: queue.length });
    reportedOutage = false;
    void flush();
  });
  socket.on('connect_error', (error) => {
    if (reportedOutage) return;
    reportedOutage = true;
    options.logger.warn('ws-server unreachable; notifications are queued until it is back', { url: options.wsServerUrl, error: error.message });
  });

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0 && socket.connected) {
        const reply = (await socket.timeout(options.ackTimeoutMs ?? 5000).emitWithAck('order:update', queue[0]).catch(() => undefined)) as { ok?: boolean; error?: string } | undefined;
        if (reply?.ok === true) queue.shift();
        else if (reply?.error !== undefined) {
          options.logger.warn('ws-server refused a notification; dropped it', { error: reply.error, update: queue.shift() });
        } else break; // no acknowledgement: keep it and try again after reconnecting
      }
    } finally {
      flushing = false;
    }
    // Connected but unacknowledged (a slow or restarting server): try again shortly.
    if (queue.length > 0 && socket.connected) setTimeout(() => void flush(), 1000).unref();
  }

  return {
    get pending() {
      return queue.length;
    },
    publish(update) {
      queue.push(update);
      if (queue.length > maxQueued) {
        const dropped = queue.shift();
        options.logger.warn('Notification queue full; dropped the oldest', { maxQueued, dropped });
      }
      void flush();
    },
    async stop() {
      socket.close();
    },
  };
}
