import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { NotificationsServerToClient } from '../ws-events.js';
import { liveRoom, type NotificationFeed } from './notification-feed.js';
import { replayMissed } from './replay-missed.js';
import { ReplayPacer } from './replay-pacer.js';

/** How many stored notifications a client gets on connect. */
export const recentNotificationsCount = 20;
/** The most missed updates replayed to a reconnecting client; past this it is told to reload. */
export const maxReplay = 1000;
/** Replay chunks sent per turn of the event loop, for all clients together (about 1,000 updates). */
const chunksPerTurn = 10;

/** `auth.lastSeq`: absent on a first connection; anything but a whole number ≥ 0 is a position no server gave out. */
function toLastSeq(value: unknown): number | 'unknown' | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 'unknown';
}

/**
 * `/notifications`: a first connection gets the latest notifications; a reconnecting one names the
 * last it saw (`auth.lastSeq`) and is replayed what came after it, in order, or told
 * `notifications:reset` (then the latest) when it missed more than `maxReplay`. Either way the live
 * broadcasts that arrive meanwhile follow, none lost and none twice.
 *
 * Socket.IO's connection-state recovery stays on: a socket it recovered into the live room has
 * already been sent the broadcasts it missed, so it is not replayed again. MongoDB is what makes
 * the guarantee hold across a restart, a crash, or another replica; the feed's ring of the newest
 * notifications is what lets a reconnect storm be replayed without a MongoDB read per client.
 */
export function setUpNotificationsNamespace(
  notifications: Namespace<Record<string, never>, NotificationsServerToClient>,
  deps: { feed: NotificationFeed; logger: Logger },
): void {
  const pacer = new ReplayPacer(chunksPerTurn);
  notifications.on('connection', async (socket) => {
    const lastSeq = toLastSeq(socket.handshake.auth['lastSeq']);
    deps.logger.info('Client connected to notifications namespace', {
      socketId: socket.id,
      recovered: socket.recovered,
      lastSeq,
    });
    // Recovered mid-replay, it was never in the live room: it catches up like any other.
    if (socket.recovered && socket.rooms.has(liveRoom)) return;
    try {
      await replayMissed(socket, lastSeq, deps.feed, { maxReplay, recentCount: recentNotificationsCount, pacer });
    } catch (error) {
      // Without its replay the client would silently miss updates: close the connection so that it
      // comes back (with the same lastSeq) once MongoDB answers again.
      deps.logger.warn('Could not replay notifications; closing the connection so the client retries', {
        socketId: socket.id,
        error: (error as Error).message,
      });
      socket.conn.close();
    }
  });
}
