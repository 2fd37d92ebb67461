import type { NotificationUpdate } from '../../lab-events.js';
import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import { NotificationCursor } from '../../services/ws/client/notification-cursor.js';

export interface NotificationCounter {
  /** Times each event's `order:update` arrived, by event id. */
  readonly received: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/**
 * A `/notifications` client as `rtlab ws listen` is one: it stays connected across ws-server
 * restarts, names the last update it saw when it reconnects, and counts what it receives. It
 * counts every arrival, so an update the server sent twice shows up as a duplicate.
 */
export async function countNotifications(options: { url: string; token: string }): Promise<NotificationCounter> {
  const received = new Map<string, number>();
  const cursor = new NotificationCursor();
  const socket = await connectWsNamespace({ url: options.url, namespace: '/notifications', token: options.token, reconnect: true, ownConnection: true, auth: () => cursor.toAuth() });
  socket.on('notifications:recent', (recent: NotificationUpdate[]) => cursor.startFrom(recent));
  socket.on('order:update', (update: NotificationUpdate) => {
    cursor.accept(update);
    received.set(update.eventId, (received.get(update.eventId) ?? 0) + 1);
  });
  return { received, close: async () => void socket.close() };
}
