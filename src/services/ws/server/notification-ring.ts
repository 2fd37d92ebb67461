import type { NotificationUpdate } from '../../../lab-events.js';

/**
 * The newest notifications, oldest first, held in memory so that a reconnect storm is replayed
 * without a MongoDB read per client. It is a cache of MongoDB, never the truth: it vouches only
 * for positions above `from` — every notification stored with a position in (`from`, newest] is
 * here, in position order. A notification that may be stored without being broadcast (its write
 * failed, so it is unknown whether it landed) moves `from` past it: replays below read MongoDB.
 */
export class NotificationRing {
  /** Holds `items[head…]`; the dropped front is compacted away once it is as long as the rest. */
  private items: NotificationUpdate[] = [];
  private head = 0;

  private constructor(
    private readonly capacity: number,
    private floor: number,
  ) {}

  /**
   * A ring of the newest `capacity` of `newestFirst` (the newest `capacity + 1` stored): with one
   * more than it holds, it knows the position below which it cannot vouch.
   */
  static filled(capacity: number, newestFirst: readonly NotificationUpdate[]): NotificationRing {
    const ring = new NotificationRing(capacity, newestFirst[capacity]?.seq ?? 0);
    for (const update of newestFirst.slice(0, capacity).reverse()) ring.append(update);
    return ring;
  }

  /** Every notification stored above this position is in the ring. */
  get from(): number {
    return this.floor;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Adds the next broadcast (positions increase); the oldest one leaves when the ring is full. */
  append(update: NotificationUpdate): void {
    if (update.seq <= this.floor) return;
    const newest = this.size > 0 ? this.items.at(-1) : undefined;
    // Positions out of order would break every range read: vouch only for what comes after.
    if (newest !== undefined && update.seq <= newest.seq) return this.forgetUpTo(newest.seq);
    this.items.push(update);
    if (this.size > this.capacity) this.floor = this.items[this.head++]!.seq;
    this.compact();
  }

  /** Stops vouching for positions up to `seq` (a write there failed: MongoDB may hold what the ring does not). */
  forgetUpTo(seq: number): void {
    if (seq <= this.floor) return;
    this.head = this.indexAfter(seq);
    this.floor = seq;
    this.compact();
  }

  /** The notifications after position `after` (≥ `from`) up to `upTo`, oldest first, at most `limit`. */
  after(after: number, upTo: number, limit: number): NotificationUpdate[] {
    const result: NotificationUpdate[] = [];
    for (let index = this.indexAfter(after); index < this.items.length && result.length < limit; index++) {
      const update = this.items[index]!;
      if (update.seq > upTo) break;
      result.push(update);
    }
    return result;
  }

  /** How many notifications have a position in (`after`, `upTo`]. */
  countBetween(after: number, upTo: number): number {
    return this.indexAfter(upTo) - this.indexAfter(after);
  }

  /** The newest `limit` notifications up to `upTo`, newest first. */
  newest(limit: number, upTo: number): NotificationUpdate[] {
    const end = this.indexAfter(upTo);
    return this.items.slice(Math.max(this.head, end - limit), end).reverse();
  }

  /** The index of the first held notification with a position above `seq` (binary search). */
  private indexAfter(seq: number): number {
    let low = this.head;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.items[middle]!.seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private compact(): void {
    if (this.head > 0 && this.head >= this.size) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
