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
  // Oldest first; `sent` entries await their acknowledgement.
  const queue: Array<{ update: OrderUpdate; sent: boolean }> = [];
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
    pump();
  });
  socket.on('disconnect', () => {
    // Whatever was not acknowledged goes again, in order, once connected.
    for (const entry of queue) entry.sent = false;
  });
  socket.on('connect_error', (error) => {
    if (reportedOutage) return;
    reportedOutage = true;
    options.logger.warn('ws-server unreachable; notifications are queued until it is back', { url: options.wsServerUrl, error: error.message });
  });

  /** Keeps up to `windowSize` updates in flight; the server stores them together and answers in order. */
  function pump(): void {
    let inFlight = queue.filter((entry) => entry.sent).length;
    for (const entry of queue) {
      if (!socket.connected || inFlight >= windowSize) return;
      if (entry.sent) continue;
      entry.sent = true;
      inFlight++;
      void socket
        .timeout(options.ackTimeoutMs ?? 5000)
        .emitWithAck('order:update', entry.update)
        .then((reply: { ok?: boolean; error?: string; message?: string }) => settle(entry, reply), () => settle(entry, undefined));
    }
  }

  function settle(entry: { update: OrderUpdate; sent: boolean }, reply: { ok?: boolean; error?: string; message?: string } | undefined): void {
    const index = queue.indexOf(entry);
    if (index === -1) return;
    if (reply?.ok === true) queue.splice(index, 1);
    else if (reply?.error !== undefined && reply.error !== 'storage_unavailable' && reply.error !== 'rate_limited') {
      options.logger.warn('ws-server refused a notification; dropped it', { error: reply.error, message: reply.message, update: entry.update });
      queue.splice(index, 1);
    } else {
      // No acknowledgement, or a passing failure: send it again shortly.
      entry.sent = false;
      setTimeout(pump, 250).unref();
      return;
    }
    pump();
  }

  return {
    get pending() {
      return queue.length;
    },
    publish(update) {
      queue.push({ update, sent: false });
      if (queue.length > maxQueued) {
        const dropped = queue.findIndex((entry) => !entry.sent);
        options.logger.warn('Notification queue full; dropped the oldest unsent', { maxQueued, dropped: queue[dropped]?.update });
        if (dropped !== -1) queue.splice(dropped, 1);
      }
      pump();
    },
    async stop() {
      socket.close();
    },
  };
}

/** Updates sent before their acknowledgements come back. */
const windowSize = 64;
