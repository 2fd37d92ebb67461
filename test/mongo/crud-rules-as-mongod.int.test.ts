import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { serverError } from '../helpers/server-error.js';

describe('embedded MongoDB: CRUD rules as a 7.0 mongod applies them', () => {
  const start = useMongoLite();

  it('refuses sort on updateOne and replaceOne, as a 7.0 server does not know it, and changes nothing', async () => {
    const { db } = await start();
    const docs = db.collection<{ _id: number; [key: string]: unknown }>('docs');
    await docs.insertMany([
      { _id: 1, n: 0 },
      { _id: 2, n: 0 },
    ]);
    const update = await serverError(docs.updateOne({}, { $set: { n: 1 } }, { sort: { _id: -1 } }));
    expect(update.code).toBe(40415);
    expect(update.message).toContain('sort');
    expect((await serverError(docs.replaceOne({}, { n: 2 }, { sort: { _id: -1 } }))).code).toBe(40415);
    expect(await docs.find({}).toArray()).toEqual([
      { _id: 1, n: 0 },
      { _id: 2, n: 0 },
    ]);
  });

  it('refuses a hint that names no index on find, update, delete, count and aggregate, and accepts real ones', async () => {
    const { db } = await start();
    const docs = db.collection<{ _id: number; [key: string]: unknown }>('docs');
    await docs.insertMany([
      { _id: 1, email: 'a' },
      { _id: 2, email: 'b' },
    ]);
    await docs.createIndex({ email: 1 });
    const refusals = [
      serverError(docs.find({}, { hint: 'nope_1' }).toArray()),
      serverError(docs.find({}, { hint: { nope: 1 } }).toArray()),
      serverError(docs.updateOne({ _id: 1 }, { $set: { x: 1 } }, { hint: 'nope_1' })),
      serverError(docs.deleteOne({ _id: 1 }, { hint: { nope: 1 } })),
      serverError(docs.countDocuments({}, { hint: 'nope_1' })),
      serverError(db.command({ count: 'docs', query: {}, hint: 'nope_1' })),
      serverError(docs.aggregate([{ $match: {} }], { hint: 'nope_1' }).toArray()),
      serverError(db.command({ findAndModify: 'docs', query: { _id: 1 }, update: { $set: { x: 1 } }, hint: 'nope_1' })),
    ];
    for (const error of await Promise.all(refusals)) {
      expect(error.code).toBe(2);
      expect(error.message).toContain('hint provided does not correspond to an existing index');
    }
    expect(await docs.find({}).toArray()).toEqual([
      { _id: 1, email: 'a' },
      { _id: 2, email: 'b' },
    ]);
    expect(await docs.find({ email: 'b' }, { hint: 'email_1' }).toArray()).toEqual([{ _id: 2, email: 'b' }]);
    expect(await docs.find({}, { hint: { email: 1 } }).toArray()).toHaveLength(2);
    expect(await docs.find({}, { hint: { $natural: -1 } }).toArray()).toHaveLength(2);
    expect((await docs.updateOne({ _id: 1 }, { $set: { x: 1 } }, { hint: '_id_' })).modifiedCount).toBe(1);
    expect((await docs.deleteOne({ _id: 2 }, { hint: { _id: 1 } })).deletedCount).toBe(1);
  });
});
