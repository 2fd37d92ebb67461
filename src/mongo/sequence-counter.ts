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
  const counter = await db.collection<CounterDocument>('counters').findOneAndUpdate({ _id: name }, { $inc: { seq: count } }, { upsert: true, returnDocument: 'after' });
  if (counter === null) throw new Error(`counter ${name} was not returned after its upsert`);
  // The range is (seq - count, seq]: return its first position.
  return counter.seq - count + 1;
}

/**
 * Hands out positions in the order they are asked for, one round trip for all the requests of a
 * turn of the event loop (and of the time the previous round trip took), not one per update.
 */
export class SequenceAllocator {
  private waiting: Array<{ count: number; resolve: (first: number) => void; reject: (error: unknown) => void }> = [];
  private busy = false;

  constructor(
    private readonly db: Db,
    private readonly name: string,
  ) {}

  /** The first of `count` consecutive positions, all after any handed out before. */
  allocate(count: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ count, resolve, reject });
      if (!this.busy) setImmediate(() => void this.drain());
      this.busy = true;
    });
  }

  private async drain(): Promise<void> {
    const requests = this.waiting;
    this.waiting = [];
    const total = requests.reduce((sum, request) => sum + request.count, 0);
    try {
      let next = await allocateSequence(this.db, this.name, total);
      for (const request of requests) {
        request.resolve(next);
        next += request.count;
      }
    } catch (error) {
      for (const request of requests) request.reject(error);
    }
    if (this.waiting.length > 0) void this.drain();
    else this.busy = false;
  }
}
