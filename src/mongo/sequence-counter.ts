import type { Db } from 'mongodb';

interface CounterDocument {
  _id: string;
  seq: number;
}

/**
 * Positions from a counter document in MongoDB (`counters`, one document per sequence): one
 * atomic `$inc` hands out a whole range, so every ws-server replica sharing the database draws
 * distinct, increasing positions, and a restart never reuses one.
 */
export async function allocateSequence(db: Db, name: string, count: number): Promise<number> {
  const counter = await db
    .collection<CounterDocument>('counters')
    .findOneAndUpdate({ _id: name }, { $inc: { seq: count } }, { upsert: true, returnDocument: 'after' });
  if (counter === null) throw new Error(`counter ${name} was not returned after its upsert`);
  // The range is (seq - count, seq]: return its first position.
  return counter.seq - count + 1;
}

/**
 * Hands out positions in the order they are asked for, from blocks reserved with one `$inc` each
 * (`blockSize` positions at a time): the hot path pays a round trip once per block, not per batch.
 * A block's unused positions are lost when the process stops; positions increase, with gaps.
 */
export class SequenceAllocator {
  private readonly waiting: Array<{
    count: number;
    resolve: (first: number) => void;
    reject: (error: unknown) => void;
  }> = [];
  private busy = false;
  /** The reserved positions not handed out yet: [next, end). */
  private next = 0;
  private end = 0;

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly blockSize = 1000,
  ) {}

  /** The first of `count` consecutive positions, all after any handed out before. */
  allocate(count: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ count, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    while (this.waiting.length > 0) {
      if (this.end - this.next < this.waiting[0]!.count) {
        const needed = this.waiting.reduce((sum, request) => sum + request.count, 0);
        const size = Math.max(this.blockSize, needed);
        try {
          this.next = await allocateSequence(this.db, this.name, size);
          this.end = this.next + size;
        } catch (error) {
          for (const request of this.waiting.splice(0)) request.reject(error);
          break;
        }
      }
      while (this.waiting.length > 0 && this.end - this.next >= this.waiting[0]!.count) {
        const request = this.waiting.shift()!;
        request.resolve(this.next);
        this.next += request.count;
      }
    }
    this.busy = false;
  }
}
