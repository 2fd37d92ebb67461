import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { latestNotifications } from '../../../mongo/notification-store.js';
import type { NotificationsServerToClient } from '../ws-events.js';

/** How many stored notifications a client gets on connect. */
export const recentNotificationsCount = 20;

/** `/notifications`: the latest notifications from MongoDB on connect, then live `order:update`s. */
export function setUpNotificationsNamespace(notifications: Namespace<Record<string, never>, NotificationsServerToClient>, deps: { db: LabDb; logger: Logger }): void {
  notifications.on('connection', async (socket) => {
    deps.logger.info('Client connected to notifications namespace', { socketId: socket.id, recovered: socket.recovered });
    // A recovered client already has what it missed replayed by Socket.IO; others get the latest.
    if (socket.recovered) return;
    try {
      socket.emit('notifications:recent', await latestNotifications(deps.db, recentNotificationsCount));
    } catch (error) {
      deps.logger.warn('Could not read recent notifications', { socketId: socket.id, error: (error as Error).message });
    }
  });
}
