import type { OrderUpdate } from '../lab-events.js';

/**
 * Where services send order changes for the ws-server to broadcast. Services depend on this
 * interface only; the Socket.IO implementation is composed in by whoever starts them. With the
 * outbox relay, a service writes the change as an outbox entry first and `publish` only says
 * "send it now": a crash before it is sent delays the notification, never loses it.
 */
export interface OrderUpdatePublisher {
  /**
   * Queues the update for delivery; never throws and never blocks the caller. `keptIn` is where
   * its outbox entry was written (the relay marks it sent there): the `outbox` collection unless
   * the change is carried by its webhook event.
   */
  publish(update: OrderUpdate, keptIn?: 'outbox' | 'webhook_events'): void;
}
