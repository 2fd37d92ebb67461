import type { LabDb } from '../../../mongo/connect-mongo.js';
import { latestNotifications, notificationsBetween } from '../../../mongo/notification-store.js';
import type { NotificationUpdate } from '../../../lab-events.js';

/** Notifications read for a replay: every one in (`after`, `coveredUpTo`], oldest first. */
export interface ReplayPage {
  readonly updates: readonly NotificationUpdate[];
  readonly coveredUpTo: number;
}

interface PageRead {
  readonly after: number;
  readonly upTo: number;
  readonly page: Promise<ReplayPage>;
}

/**
 * The MongoDB reads of replays that the in-memory ring cannot serve. A reconnect storm asks for
 * many ranges at once: a request whose start lies inside a read already queued or running joins
 * it (one read per position range, not per client), at most `concurrency` reads run at a time and
 * the rest wait their turn in arrival order, so that a storm never takes the whole connection pool
 * from chat and the publishers. Each read is at most `pageSize` notifications, so memory is bounded.
 */
export class SharedReplayReads {
  private readonly pages = new Set<PageRead>();
  private readonly latest = new Map<string, Promise<NotificationUpdate[]>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;

  constructor(
    private readonly db: LabDb,
    private readonly pageSize: number,
    private readonly concurrency: number,
  ) {}

  /** The notifications after `after`, up to `upTo` at most (a joined read may stop earlier or later). */
  pageAfter(after: number, upTo: number): Promise<ReplayPage> {
    let joined: PageRead | undefined;
    for (const read of this.pages)
      if (read.after <= after && after < read.upTo && (joined === undefined || read.after > joined.after))
        joined = read;
    if (joined !== undefined) return joined.page;
    const page = this.inTurn(async () => {
      const updates = await notificationsBetween(this.db, after, upTo, this.pageSize);
      // A full page may stop before `upTo`: it covers up to its last notification.
      return { updates, coveredUpTo: updates.length < this.pageSize ? upTo : updates.at(-1)!.seq };
    });
    const read = { after, upTo, page };
    this.pages.add(read);
    void page.then(
      () => this.pages.delete(read),
      () => this.pages.delete(read),
    );
    return page;
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
