import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';

export interface NotificationCounter {
  /** Times each event's `order:update` arrived, by event id. */
  readonly received: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** A `/notifications` client that stays connected across ws-server restarts and counts what it receives. */
export async function countNotifications(options: { url: string; token: string }): Promise<NotificationCounter> {
  const received = new Map<string, number>();
  const socket = await connectWsNamespace({ url: options.url, namespace: '/notifications', token: options.token, reconnect: true, ownConnection: true });
  socket.on('order:update', (update: { eventId: string }) => received.set(update.eventId, (received.get(update.eventId) ?? 0) + 1));
  return {
    received,
    close: async () => void socket.close(),
  };
}
