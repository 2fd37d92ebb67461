/**
 * The newest `capacity` items, oldest overwritten first: a burst of any size costs a fixed
 * amount of memory, and a push is O(1) however full the ring is.
 */
export class LogRing<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;
  /** How many items were pushed in all, the overwritten ones included. */
  total = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.total++;
  }

  /** The newest `limit` items that `keep` accepts, oldest first (what a log pane shows at its bottom). */
  latest(limit: number, keep: (item: T) => boolean = () => true): T[] {
    const found: T[] = [];
    for (let back = 1; back <= this.count && found.length < limit; back++) {
      const item = this.items[(this.next - back + this.capacity) % this.capacity] as T;
      if (keep(item)) found.push(item);
    }
    return found.reverse();
  }
}
