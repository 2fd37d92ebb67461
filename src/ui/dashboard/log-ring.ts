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

  /**
   * Pushes an item that may be older than the newest ones (a log file found a second late, whose
   * lines were written before lines already shown): it takes its place among them, so that the
   * ring stays in `compare` order. Costs one step per newer item it passes.
   */
  pushInOrder(item: T, compare: (a: T, b: T) => number): void {
    let newer = 0;
    while (newer < this.count && compare(this.at(this.count - 1 - newer), item) > 0) newer++;
    if (newer === this.capacity) {
      // Older than all it keeps: it would be the first overwritten.
      this.total++;
      return;
    }
    this.push(item);
    for (let step = 0; step < newer; step++) this.swap(this.count - 1 - step, this.count - 2 - step);
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

  /** The item at `index` from the oldest kept (0). */
  private at(index: number): T {
    return this.items[this.slot(index)] as T;
  }

  private swap(a: number, b: number): void {
    const [slotA, slotB] = [this.slot(a), this.slot(b)];
    [this.items[slotA], this.items[slotB]] = [this.items[slotB], this.items[slotA]];
  }

  private slot(index: number): number {
    return (this.next - this.count + index + 2 * this.capacity) % this.capacity;
  }
}
