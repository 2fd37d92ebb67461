import type { Namespace, Socket } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { latestNotifications, notificationsBetween } from '../../../mongo/notification-store.js';
import type { NotificationsReset } from '../../../lab-events.js';
import type { NotificationsServerToClient } from '../ws-events.js';
import { liveRoom, type CatchUp, type NotificationFeed } from './notification-feed.js';

/** How many stored notifications a client gets on connect. */
export const recentNotificationsCount = 20;
/** The most missed updates replayed to a reconnecting client; past this it is told to reload. */
export const maxReplay = 1000;

/** `auth.lastSeq`: absent on a first connection; anything but a whole number ≥ 0 is a position no server gave out. */
function toLastSeq(value: unknown): number | 'unknown' | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 'unknown';
}

/**
 * `/notifications`: a first connection gets the latest notifications; a reconnecting one names the
 * last it saw (`auth.lastSeq`) and is replayed what came after it from MongoDB, in order, or told
 * `notifications:reset` (then the latest) when it missed more than `maxReplay`. Either way the live
 * broadcasts that arrive meanwhile follow, none lost and none twice.
 *
 * Socket.IO's connection-state recovery stays on: a socket it recovered into the live room has
 * already been sent the broadcasts it missed, so it is not replayed again. MongoDB is what makes
 * the guarantee hold across a restart, a crash, or another replica.
 */
export function setUpNotificationsNamespace(
  notifications: Namespace<Record<string, never>, NotificationsServerToClient>,
  deps: { db: LabDb; feed: NotificationFeed; logger: Logger },
): void {
  notifications.on('connection', async (socket) => {
    const lastSeq = toLastSeq(socket.handshake.auth['lastSeq']);
    deps.logger.info('Client connected to notifications namespace', {
      socketId: socket.id,
      recovered: socket.recovered,
      lastSeq,
    });
    // Recovered mid-replay, it was never in the live room: it catches up like any other.
    if (socket.recovered && socket.rooms.has(liveRoom)) return;
    const catchUp = deps.feed.beginCatchUp();
    try {
      await sendWhatWasMissed(socket, lastSeq, catchUp, deps.db);
      for (const update of catchUp.buffer) socket.emit('order:update', update);
      void socket.join(liveRoom);
    } catch (error) {
      // Without its replay the client would silently miss updates: close the connection so that it
      // comes back (with the same lastSeq) once MongoDB answers again.
      deps.logger.warn('Could not replay notifications; closing the connection so the client retries', {
        socketId: socket.id,
        error: (error as Error).message,
      });
      socket.conn.close();
    } finally {
      deps.feed.endCatchUp(catchUp);
    }
  });
}

async function sendWhatWasMissed(
  socket: Socket<Record<string, never>, NotificationsServerToClient>,
  lastSeq: number | 'unknown' | undefined,
  catchUp: CatchUp,
  db: LabDb,
): Promise<void> {
  const sendRecent = async () =>
    socket.emit('notifications:recent', await latestNotifications(db, recentNotificationsCount, catchUp.upTo));
  if (lastSeq === undefined) return void (await sendRecent());
  const reset = (reason: NotificationsReset['reason']) => socket.emit('notifications:reset', { reason, maxReplay });
  // A position this server never handed out (another database, or one wiped since).
  if (lastSeq === 'unknown' || lastSeq > catchUp.upTo) {
    reset('unknown_position');
    return void (await sendRecent());
  }
  const missed = await notificationsBetween(db, lastSeq, catchUp.upTo, maxReplay + 1);
  if (missed.length > maxReplay) {
    reset('too_many_missed');
    return void (await sendRecent());
  }
  for (const update of missed) socket.emit('order:update', update);
}
