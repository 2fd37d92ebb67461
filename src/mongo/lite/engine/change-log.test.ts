import { describe, expect, it } from 'vitest';
import { ChangeLog } from './change-log.js';

const insert = (id: number) => ({
  operationType: 'insert' as const,
  db: 'lab',
  coll: 'orders',
  documentKey: { _id: id },
});

describe('ChangeLog', () => {
  it('never settles past a change still waiting for its journal write, so a stream reading up to the settled time misses none', () => {
    const pending: Array<(written: boolean) => void> = [];
    const log = new ChangeLog(10_000, (outcome) => void pending.push(outcome));

    log.record(insert(1));
    pending.shift()!(true);
    // A stream that has read everything moves its resume point up to the settled time.
    let position = log.settledTime;
    expect(log.after(position)).toEqual([]);

    log.record(insert(2)); // recorded, its journal write not yet done
    log.tick(); // other writes go on meanwhile (each takes a cluster time)
    expect(log.after(log.settledTime)).toEqual([]);
    position = log.settledTime; // an empty read moves the stream here...
    pending.shift()!(true); // ...then the write is durable and the change published
    expect(log.after(position).map((event) => event.documentKey)).toEqual([{ _id: 2 }]);
  });

  it('settles past a change whose write failed: it is dropped, not waited for', () => {
    const pending: Array<(written: boolean) => void> = [];
    const log = new ChangeLog(10_000, (outcome) => void pending.push(outcome));
    const start = log.settledTime;
    log.record(insert(1));
    pending.shift()!(false);
    expect(log.settledTime.compare(start)).toBeGreaterThan(0);
    expect(log.after(start)).toEqual([]);
  });
});
