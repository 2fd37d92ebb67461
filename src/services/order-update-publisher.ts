import type { OrderUpdate } from '../mongo/lab-documents.js';

/**
 * Where services send order changes for the ws-server to broadcast. Services depend on this
 * interface only; the Socket.IO implementation is composed in by whoever starts them.
 */
export interface OrderUpdatePublisher {
  /** Queues the update for delivery; never throws and never blocks the caller. */
  publish(update: OrderUpdate): void;
}
