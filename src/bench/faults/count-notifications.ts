import type { NotificationUpdate } from '../../lab-events.js';
import { connectWsNamespace } from '../../services/ws/client/connect-ws-namespace.js';
import { NotificationCursor } from '../../notification-cursor.js';

export interface NotificationCounter {
  /** Times each event's `order:update` arrived, by event id. */
  readonly received: ReadonlyMap<string, number>;
  /**
   * Positions the client skipped because the server told it to reload (`notifications:reset`,
   * after more than it replays were missed): `after` < seq < `before`. A skip is the documented
   * bound of the replay, not a loss — the updates are in MongoDB.
   */
  readonly skipped: ReadonlyArray<{ readonly after: number; readonly before: number }>;
  close(): Promise<void>;
}

/**
 * A `/notifications` client as `rtlab ws listen` is one: it stays connected across ws-server
 * restarts, names the last update it saw when it reconnects, and counts what it receives. It
 * counts every arrival, so an update the server sent twice shows up as a duplicate.
 */
export async function countNotifications(options: { url: string; token: string }): Promise<NotificationCounter> {
  const received = new Map<string, number>();
  const skipped: Array<{ after: number; before: number }> = [];
  const cursor = new NotificationCursor();
  let lastSeen = 0;
  let resetAfter: number | undefined;
  const count = (update: NotificationUpdate) => received.set(update.eventId, (received.get(update.eventId) ?? 0) + 1);
  const socket = await connectWsNamespace({
    url: options.url,
    namespace: '/notifications',
    token: options.token,
    reconnect: true,
    ownConnection: true,
    auth: () => cursor.toAuth(),
    // Before the handshake: the replay that follows it may arrive in the same read.
    listen: (client) => {
      client.on('notifications:reset', () => (resetAfter = lastSeen));
      client.on('notifications:recent', (recent: NotificationUpdate[]) => {
        cursor.startFrom(recent);
        if (resetAfter === undefined) return;
        // Reloading after a reset: the latest are what the client now shows.
        skipped.push({ after: resetAfter, before: recent.at(-1)?.seq ?? Number.MAX_SAFE_INTEGER });
        for (const update of recent) count(update);
        lastSeen = recent[0]?.seq ?? lastSeen;
        resetAfter = undefined;
      });
      client.on('order:update', (update: NotificationUpdate) => {
        if (cursor.accept(update)) lastSeen = update.seq;
        count(update);
      });
    },
  });
  return { received, skipped, close: async () => void socket.close() };
}
