import type { Collection, Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { expectPingFirst } from './ping-first.js';

interface Item {
  _id: number;
  k: number;
  list: number[];
  v?: number;
  w?: number;
}

/**
 * Writes whose filter is heavy (issue 8, class 8): update, delete and findAndModify select their
 * documents on a worker thread, so another connection's ping is answered meanwhile; what they
 * change is exactly what mongod changes, and past maxTimeMS they change nothing (code 50).
 */
describe('embedded MongoDB: a write with a heavy filter does not stall the other clients', () => {
  const start = useMongoLite();
  const expired = { code: 50, codeName: 'MaxTimeMSExpired' };

  /** 30 documents, k = _id % 3, each with a list of `length` numbers the heavy filters walk. */
  const items = async (db: Db, length = 300): Promise<Collection<Item>> => {
    const list = Array.from({ length }, (_, i) => i);
    await db.collection<Item>('items').insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, k: i % 3, list })));
    return db.collection<Item>('items');
  };

  /** True for every document, after `length²` additions: a filter only a worker should run. */
  const heavyTrue = {
    $gte: [{ $reduce: { input: '$list', initialValue: 0, in: { $add: ['$$value', { $sum: '$list' }] } } }, 0],
  };
  const heavyK = (k: number) => ({ $expr: { $and: [heavyTrue, { $eq: ['$k', k] }] } });

  const ids = async (collection: Collection<Item>, filter: object) =>
    (await collection.find(filter, { projection: { _id: 1 } }).toArray()).map((document) => document._id);

  it('updates exactly the matching documents, answering a ping first; an upsert inserts when none match', async () => {
    const { server, db } = await start();
    const collection = await items(db);
    const result = await expectPingFirst(server.port, () => collection.updateMany(heavyK(0), { $inc: { v: 1 } }));
    expect(result).toMatchObject({ matchedCount: 10, modifiedCount: 10, upsertedCount: 0 });
    expect(await ids(collection, { v: 1 })).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(await collection.countDocuments({ v: { $exists: true } })).toBe(10);

    const one = await collection.updateOne(heavyK(1), { $set: { w: 7 } });
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await ids(collection, { w: 7 })).toEqual([1]);

    const upserted = await collection.updateOne(heavyK(5), { $set: { w: 8 } }, { upsert: true });
    expect(upserted).toMatchObject({ matchedCount: 0, upsertedCount: 1 });
    expect(await collection.countDocuments({ w: 8 })).toBe(1);
  }, 60_000);

  it('applies a heavy update to the current version of a document another client changed meanwhile', async () => {
    const { db } = await start();
    const collection = await items(db);
    const order: string[] = [];
    const heavy = collection.updateMany(heavyK(0), { $inc: { v: 1 } }).then((result) => {
      order.push('heavy update');
      return result;
    });
    // While the worker matches: one selected document stops matching, another changes a field.
    const light = Promise.all([
      collection.updateOne({ _id: 0 }, { $set: { k: 1 } }),
      collection.updateOne({ _id: 3 }, { $set: { w: 5 } }),
    ]).then(() => order.push('light updates'));
    const [result] = await Promise.all([heavy, light]);
    expect(order).toEqual(['light updates', 'heavy update']);
    expect(result).toMatchObject({ matchedCount: 9, modifiedCount: 9 });
    expect(await collection.findOne({ _id: 0 }, { projection: { list: 0 } })).toEqual({ _id: 0, k: 1 });
    expect(await collection.findOne({ _id: 3 }, { projection: { list: 0 } })).toEqual({ _id: 3, k: 0, w: 5, v: 1 });
  }, 60_000);

  it('deletes exactly the matching documents, answering a ping first', async () => {
    const { server, db } = await start();
    const collection = await items(db);
    const result = await expectPingFirst(server.port, () => collection.deleteMany(heavyK(1)));
    expect(result).toMatchObject({ deletedCount: 10 });
    expect(await collection.countDocuments({})).toBe(20);
    expect(await collection.countDocuments({ k: 1 })).toBe(0);
    expect(await collection.deleteOne(heavyK(2))).toMatchObject({ deletedCount: 1 });
    expect(await collection.countDocuments({ k: 2 })).toBe(9);
  }, 60_000);

  it('finds, sorts and modifies one document as findAndModify does, answering a ping first', async () => {
    const { server, db } = await start();
    const collection = await items(db);
    const updated = await expectPingFirst(server.port, () =>
      collection.findOneAndUpdate(
        heavyK(2),
        { $set: { w: 1 } },
        { sort: { _id: -1 }, returnDocument: 'after', projection: { list: 0 } },
      ),
    );
    expect(updated).toEqual({ _id: 29, k: 2, w: 1 });
    expect(await ids(collection, { w: 1 })).toEqual([29]);
    const removed = await collection.findOneAndDelete(heavyK(2), { sort: { _id: 1 }, projection: { list: 0 } });
    expect(removed).toEqual({ _id: 2, k: 2 });
    expect(await collection.countDocuments({})).toBe(29);
  }, 60_000);

  it('ends update, delete and findAndModify past maxTimeMS with 50, answering a ping first and changing nothing', async () => {
    const { server, db } = await start();
    // 4,000² additions per document: seconds for the 30.
    const collection = await items(db, 4000);
    const maxTimeMS = 500;
    const heavy = { $expr: heavyTrue };
    expect(
      await expectPingFirst(server.port, () => collection.updateMany(heavy, { $set: { v: 1 } }, { maxTimeMS })),
    ).toMatchObject(expired);
    expect(await expectPingFirst(server.port, () => collection.deleteMany(heavy, { maxTimeMS }))).toMatchObject(
      expired,
    );
    expect(
      await expectPingFirst(server.port, () =>
        collection.findOneAndUpdate(heavy, { $set: { v: 1 } }, { sort: { _id: -1 }, maxTimeMS }),
      ),
    ).toMatchObject(expired);
    // An unordered batch stops at the expired statement, as mongod: the light one after it is not run.
    await expect(
      db.command({
        update: 'items',
        updates: [
          { q: heavy, u: { $set: { v: 1 } }, multi: true },
          { q: {}, u: { $set: { w: 1 } }, multi: true },
        ],
        ordered: false,
        maxTimeMS,
      }),
    ).rejects.toMatchObject(expired);
    expect(await collection.countDocuments({})).toBe(30);
    expect(await collection.countDocuments({ $or: [{ v: { $exists: true } }, { w: { $exists: true } }] })).toBe(0);
  }, 60_000);
});
