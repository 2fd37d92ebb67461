import { Decimal128, Long } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

/** What a driver user sees of BSON comparison and equality: sort orders, lookups, unique keys, set updates. */
describe('embedded MongoDB: BSON comparison and equality through the driver', () => {
  const start = useMongoLite();

  it('sorts embedded documents field name before value, as mongod does ({a: 1} before {b: 0})', async () => {
    const { db } = await start();
    const docs = db.collection('docs');
    await docs.insertMany([{ v: { b: 0 } }, { v: { a: 1 } }, { v: { a: 0 } }]);
    const sorted = await docs
      .find({}, { projection: { _id: 0 } })
      .sort({ v: 1 })
      .toArray();
    expect(sorted).toEqual([{ v: { a: 0 } }, { v: { a: 1 } }, { v: { b: 0 } }]);
  });

  it('sorts NaN below every number', async () => {
    const { db } = await start();
    const values = db.collection('values');
    await values.insertMany([3, NaN, 1, NaN, -5].map((v) => ({ v })));
    const ascending = await values.find().sort({ v: 1 }).toArray();
    expect(ascending.map((doc) => doc['v'])).toEqual([NaN, NaN, -5, 1, 3]);
    const descending = await values.find().sort({ v: -1 }).toArray();
    expect(descending.map((doc) => doc['v'])).toEqual([3, 1, -5, NaN, NaN]);
    expect(await values.countDocuments({ v: NaN })).toBe(2);
  });

  it('sorts Longs beyond 2^53 exactly, and a Long against the double it would round to', async () => {
    const { db } = await start();
    const counters = db.collection('counters');
    await counters.insertMany([
      { n: Long.fromString('9007199254740992') },
      { n: 2 ** 53 },
      { n: Long.fromString('9007199254740993') },
    ]);
    const sorted = await counters
      .find({}, { projection: { _id: 0 } })
      .sort({ n: -1 })
      .toArray();
    expect(sorted.map((doc) => String(doc['n']))).toEqual(['9007199254740993', '9007199254740992', '9007199254740992']);
  });

  it('finds a document stored with a Long _id by the equal double, by _id and through an index', async () => {
    const { db } = await start();
    const accounts = db.collection<{ _id: Long | number; n?: Long | number }>('accounts');
    await accounts.createIndex({ n: 1 });
    await accounts.insertOne({ _id: Long.fromBigInt(2n ** 60n), n: Long.fromBigInt(2n ** 60n) });
    expect(await accounts.findOne({ _id: 2 ** 60 })).not.toBeNull();
    expect(await accounts.countDocuments({ n: 2 ** 60 })).toBe(1);
    // The equal double is a duplicate _id, as in mongod.
    await expect(accounts.insertOne({ _id: 2 ** 60 })).rejects.toMatchObject({ code: 11000 });
  });

  it('orders and keys Decimal128 against doubles as mongod does: 0.50 equals 0.5, 0.1 is below the double 0.1', async () => {
    const { db } = await start();
    const prices = db.collection('prices');
    await prices.insertMany([{ p: 0.1 }, { p: Decimal128.fromString('0.1') }]);
    const sorted = await prices
      .find({}, { projection: { _id: 0 } })
      .sort({ p: 1 })
      .toArray();
    expect(sorted.map((doc) => `${doc['p']?._bsontype ?? typeof doc['p']} ${String(doc['p'])}`)).toEqual([
      'Decimal128 0.1',
      'number 0.1',
    ]);
    const ids = db.collection<{ _id: Decimal128 | number }>('ids');
    await ids.insertOne({ _id: Decimal128.fromString('0.50') });
    await expect(ids.insertOne({ _id: 0.5 })).rejects.toMatchObject({ code: 11000 });
    await ids.insertOne({ _id: Decimal128.fromString('0.1') });
    await ids.insertOne({ _id: 0.1 });
    expect(await ids.countDocuments()).toBe(3);
  });

  it('keeps compound unique keys apart whatever characters their strings hold', async () => {
    const { db } = await start();
    const pairs = db.collection('pairs');
    await pairs.createIndex({ x: 1, y: 1 }, { unique: true });
    await pairs.insertOne({ x: 'a,sb', y: 'c' });
    await pairs.insertOne({ x: 'a', y: 'b,sc' });
    expect(await pairs.countDocuments()).toBe(2);
    await expect(pairs.insertOne({ x: 'a', y: 'b,sc' })).rejects.toMatchObject({ code: 11000 });
  });

  it('$addToSet adds an array whose string holds the separator next to a different array', async () => {
    const { db } = await start();
    const lists = db.collection<{ _id: string; pairs: string[][] }>('lists');
    await lists.insertOne({ _id: 'l', pairs: [['a', 'b']] });
    const added = await lists.updateOne({ _id: 'l' }, { $addToSet: { pairs: ['a,sb'] } });
    expect(added.modifiedCount).toBe(1);
    expect((await lists.findOne({ _id: 'l' }))?.['pairs']).toEqual([['a', 'b'], ['a,sb']]);
    const again = await lists.updateOne({ _id: 'l' }, { $addToSet: { pairs: ['a,sb'] } });
    expect(again.modifiedCount).toBe(0);
  });
});
