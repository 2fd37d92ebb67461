import type { Socket } from 'socket.io';
import type { NotificationUpdate, NotificationsReset } from '../../../lab-events.js';
import type { NotificationsServerToClient } from '../ws-events.js';
import { liveRoom, type NotificationFeed } from './notification-feed.js';
import type { ReplayPacer } from './replay-pacer.js';
import { socketFlushed } from './socket-flushed.js';

type NotificationsSocket = Socket<Record<string, never>, NotificationsServerToClient>;

/** How many updates go to one client in one turn; its next turn comes once they have left. */
const chunkSize = 100;

export interface ReplaySettings {
  /** The most missed updates replayed; past this the client is told to reload. */
  readonly maxReplay: number;
  /** How many of the latest a first (or reset) connection gets. */
  readonly recentCount: number;
  /** Whose turn it is to send a chunk, shared by every replay of the server. */
  readonly pacer: ReplayPacer;
}

/**
 * Brings one `/notifications` client up to the live feed, then puts it in the live room. It
 * walks a cursor forward, from the ring when the ring still holds the position, else from
 * MongoDB (shared, capped reads), one chunk at a time; it joins the live room in the same tick
 * in which it finds nothing after its cursor, so every broadcast reaches it exactly once: before
 * the join from the ring, after it from the room. No buffer per client: a slow client only falls
 * back to MongoDB reads, it never holds the broadcasts it has not taken yet.
 */
export async function replayMissed(
  socket: NotificationsSocket,
  lastSeq: number | 'unknown' | undefined,
  feed: NotificationFeed,
  settings: ReplaySettings,
): Promise<void> {
  // The ring answers at once: let the connect packet leave on its own first, as a MongoDB read
  // used to, so that a client that adds its listeners on `connect` hears its replay.
  await socketFlushed(socket);
  await settings.pacer.turn();
  const start = await startingPoint(socket, lastSeq, feed, settings);
  await emitInChunks(socket, start.first, settings.pacer);
  let cursor = start.after;
  while (!socket.disconnected) {
    const { ring } = feed;
    if (cursor < ring.from) {
      const page = await feed.reads.pageAfter(cursor, ring.from);
      await emitInChunks(
        socket,
        page.updates.filter((update) => update.seq > cursor),
        settings.pacer,
      );
      cursor = Math.max(cursor, page.coveredUpTo);
      continue;
    }
    await settings.pacer.turn();
    if (socket.disconnected) return;
    // After the turn: what the ring holds now, and nothing can come between this check and the join.
    if (cursor < feed.ring.from) continue;
    const next = feed.ring.after(cursor, Number.POSITIVE_INFINITY, chunkSize);
    if (next.length === 0) return void socket.join(liveRoom);
    emitNow(socket, next);
    cursor = next.at(-1)!.seq;
    await socketFlushed(socket);
  }
}

/**
 * Where the client's replay starts, after anything it must be sent first: the latest (first
 * connection, reset) or what MongoDB holds below the ring. Whether it missed more than `maxReplay`
 * is decided from the ring alone when it can be.
 */
async function startingPoint(
  socket: NotificationsSocket,
  lastSeq: number | 'unknown' | undefined,
  feed: NotificationFeed,
  settings: ReplaySettings,
): Promise<{ after: number; first: readonly NotificationUpdate[] }> {
  const upTo = feed.watermark;
  const fromLatest = async () => {
    socket.emit('notifications:recent', await feed.recent(settings.recentCount, upTo));
    return { after: upTo, first: [] };
  };
  if (lastSeq === undefined) return fromLatest();
  const reset = (reason: NotificationsReset['reason']) => {
    socket.emit('notifications:reset', { reason, maxReplay: settings.maxReplay });
    return fromLatest();
  };
  // A position this server never handed out (another database, or one wiped since).
  if (lastSeq === 'unknown' || lastSeq > upTo) return reset('unknown_position');
  const { ring } = feed;
  if (lastSeq >= ring.from)
    return ring.countBetween(lastSeq, upTo) > settings.maxReplay
      ? reset('too_many_missed')
      : { after: lastSeq, first: [] };
  // Behind the ring: MongoDB holds the rest, read only until it is clear whether too many were missed.
  const below = ring.from;
  const held = ring.countBetween(below, upTo);
  const first: NotificationUpdate[] = [];
  let after = lastSeq;
  while (after < below && first.length + held <= settings.maxReplay) {
    const page = await feed.reads.pageAfter(after, below);
    for (const update of page.updates) if (update.seq > after && update.seq <= below) first.push(update);
    after = Math.min(Math.max(after, page.coveredUpTo), below);
  }
  return first.length + held > settings.maxReplay ? reset('too_many_missed') : { after, first };
}

async function emitInChunks(
  socket: NotificationsSocket,
  updates: readonly NotificationUpdate[],
  pacer: ReplayPacer,
): Promise<void> {
  for (let index = 0; index < updates.length && !socket.disconnected; index += chunkSize) {
    await pacer.turn();
    if (socket.disconnected) return;
    emitNow(socket, updates.slice(index, index + chunkSize));
    await socketFlushed(socket);
  }
}

function emitNow(socket: NotificationsSocket, updates: readonly NotificationUpdate[]): void {
  for (const update of updates) socket.emit('order:update', update);
}
