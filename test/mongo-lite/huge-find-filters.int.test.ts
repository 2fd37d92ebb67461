import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { expectPingFirst } from './ping-first.js';

/**
 * A find whose filter is megabytes long (issue 8, class 8) reaches the worker thread that matches
 * it as the client's bytes, not decoded and encoded again on the thread every connection shares:
 * a ping from another connection is answered first, and the answers, including refusals, are
 * the ones a small filter gets.
 */
describe('embedded MongoDB: a find with a huge filter', () => {
  const start = useMongoLite();

  const names = async (db: Db) => {
    await db
      .collection<{ _id: number; name: string }>('names')
      .insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: i, name: `n${i}` })));
    return db.collection<{ _id: number; name: string }>('names');
  };
  /** 500,000 names, of which only n3 and n997 are stored. */
  const manyNames = [...Array.from({ length: 500_000 }, (_, k) => `absent${k}`), 'n3', 'n997'];

  it('answers a ping during a 500,000-value $nin and a 500,000-value _id $in, with the right documents', async () => {
    const { server, db } = await start();
    const collection = await names(db);
    const kept = await expectPingFirst(server.port, () =>
      collection.find({ name: { $nin: manyNames }, _id: { $lt: 6 } }).toArray(),
    );
    expect(kept).toEqual([0, 1, 2, 4, 5].map((i) => ({ _id: i, name: `n${i}` })));
    const ids = [...Array.from({ length: 500_000 }, (_, k) => 10_000 + k), 997, 3];
    const found = await expectPingFirst(server.port, () =>
      collection.find({ _id: { $in: ids } }, { sort: { _id: 1 } }).toArray(),
    );
    expect(found).toEqual([
      { _id: 3, name: 'n3' },
      { _id: 997, name: 'n997' },
    ]);
  }, 120_000);

  it('refuses a huge filter exactly as the same small one, and keeps serving the connection', async () => {
    const { db } = await start();
    const collection = await names(db);
    const refusal = async (filter: object) =>
      collection
        .find(filter)
        .toArray()
        .then(
          () => 'answered',
          (error: { code?: number; message?: string }) => ({ code: error.code, message: error.message }),
        );
    const small = await refusal({ name: { $in: ['n1'] }, other: { $bogus: 1 } });
    expect(small).toMatchObject({ code: expect.any(Number) as unknown });
    expect(await refusal({ name: { $in: manyNames }, other: { $bogus: 1 } })).toEqual(small);
    const smallProto = await refusal({ name: { $in: ['n1'] }, '__proto__.x': 1 });
    expect(smallProto).toMatchObject({ message: expect.stringMatching(/__proto__/) as unknown });
    expect(await refusal({ name: { $in: manyNames }, '__proto__.x': 1 })).toEqual(smallProto);
    expect(await collection.countDocuments({})).toBe(1000);
  }, 120_000);
});
