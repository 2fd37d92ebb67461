import type { LabDb } from '../../../mongo/connect-mongo.js';
import { latestNotifications, notificationsBetween } from '../../../mongo/notification-store.js';
import type { NotificationUpdate } from '../../../lab-events.js';

/** Notifications read for a replay: every one in (`after`, `coveredUpTo`], oldest first. */
export interface ReplayPage {
  readonly updates: readonly NotificationUpdate[];
  readonly coveredUpTo: number;
}

/** How many finished page reads are kept for late joiners (each at most `pageSize` notifications). */
const keptPages = 8;

interface PageRead {
  readonly after: number;
  readonly upTo: number;
  readonly page: Promise<ReplayPage>;
}

/**
 * The MongoDB reads of replays that the in-memory ring cannot serve. A reconnect storm asks for
 * many ranges at once: a request whose start lies inside a read already queued, running or just
 * finished joins it (one read per position range, not per client); at most `concurrency` reads
 * run at a time and the rest wait their turn in arrival order, so that a storm never takes the
 * whole connection pool from chat and the publishers. Each read is at most `pageSize`
 * notifications and only the last few are kept, so memory is bounded.
 */
export class SharedReplayReads {
  /** The reads queued, running or kept, in the order they were asked for. */
  private readonly pages = new Set<PageRead>();
  private readonly kept: PageRead[] = [];
  private readonly latest = new Map<string, Promise<NotificationUpdate[]>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;

  constructor(
    private readonly db: LabDb,
    private readonly pageSize: number,
    private readonly concurrency: number,
  ) {}

  /**
   * The notifications after `after` up to `upTo` (a joined read may stop at another bound). Reads
   * start at a multiple of `pageSize` at or below `after`, so that clients at nearby positions ask
   * for the same range: a read of `pageSize` notifications after `a` covers at least the positions
   * (a, a + pageSize] (positions are distinct whole numbers), so every request moves on.
   */
  pageAfter(after: number, upTo: number): Promise<ReplayPage> {
    let joined: PageRead | undefined;
    for (const read of this.pages)
      if (
        read.after <= after &&
        after < Math.min(read.upTo, read.after + this.pageSize) &&
        (joined === undefined || read.after > joined.after)
      )
        joined = read;
    if (joined !== undefined) return joined.page;
    const from = after - (after % this.pageSize);
    const page = this.inTurn(async () => {
      const updates = await notificationsBetween(this.db, from, upTo, this.pageSize);
      // A full page may stop before `upTo`: it covers up to its last notification.
      return { updates, coveredUpTo: updates.length < this.pageSize ? upTo : updates.at(-1)!.seq };
    });
    const read = { after: from, upTo, page };
    this.pages.add(read);
    void page.then(
      () => this.keep(read),
      () => this.pages.delete(read),
    );
    return page;
  }

  /**
   * Keeps a page read for the clients that come a little later: what is stored at or below a
   * page's bound never changes (positions are only ever given out above the broadcast ones). The
   * oldest pages beyond `keptPages` are dropped, so this stays bounded.
   */
  private keep(read: PageRead): void {
    this.kept.push(read);
    while (this.kept.length > keptPages) this.pages.delete(this.kept.shift()!);
  }

  /** The newest `limit` notifications up to `upTo`, newest first; equal requests share one read. */
  newest(limit: number, upTo: number): Promise<NotificationUpdate[]> {
    const key = `${limit}:${upTo}`;
    const pending = this.latest.get(key);
    if (pending !== undefined) return pending;
    const read = this.inTurn(() => latestNotifications(this.db, limit, upTo));
    this.latest.set(key, read);
    void read.then(
      () => this.latest.delete(key),
      () => this.latest.delete(key),
    );
    return read;
  }

  private async inTurn<T>(read: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await read();
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
    }
  }
}
