import type { NotificationUpdate } from './lab-events.js';

/**
 * A `/notifications` client's place in the feed: the `seq` of the last update it saw, sent in the
 * handshake of every reconnection (`auth.lastSeq`) so that the server replays what it missed.
 * Shared by `rtlab ws listen` and the dashboard; no I/O, so the browser bundle can use it.
 */
export class NotificationCursor {
  private last: number | undefined;

  /** What to add to the handshake's `auth`: nothing on a first connection. */
  toAuth(): { lastSeq?: number } {
    return this.last === undefined ? {} : { lastSeq: this.last };
  }

  /**
   * Moves past a live or replayed update; false when it was seen already (the server sends
   * nothing twice, but a client that also relies on Socket.IO's recovery is safe either way).
   */
  accept(update: NotificationUpdate): boolean {
    if (typeof update.seq !== 'number') return true;
    if (this.last !== undefined && update.seq <= this.last) return false;
    this.last = update.seq;
    return true;
  }

  /** `notifications:recent` (newest first) is a fresh start: after a reset the position may go back. */
  startFrom(recent: readonly NotificationUpdate[]): void {
    this.last = recent[0]?.seq ?? 0;
  }
}
