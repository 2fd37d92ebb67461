import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

describe('embedded MongoDB: an upsert whose _id is null stores a document whose _id is null', () => {
  const start = useMongoLite();

  it('takes a replacement’s _id: null as its _id, keyed like any other (a second one is a duplicate)', async () => {
    const { db } = await start();
    const docs = db.collection<{ _id: unknown; [key: string]: unknown }>('docs');
    const result = await docs.replaceOne({ name: 'first' }, { _id: null, name: 'first', n: 1 }, { upsert: true });
    expect(result.upsertedCount).toBe(1);
    expect(result.upsertedId).toBeNull();
    expect(await docs.find({}).toArray()).toEqual([{ _id: null, name: 'first', n: 1 }]);
    expect(await docs.findOne({ _id: null } as never)).toEqual({ _id: null, name: 'first', n: 1 });
    const again = await docs
      .replaceOne({ name: 'second' }, { _id: null, name: 'second' }, { upsert: true })
      .catch((error: unknown) => error);
    expect(again).toBeInstanceOf(MongoServerError);
    expect((again as MongoServerError).code).toBe(11000);
    expect(await docs.countDocuments()).toBe(1);
  });

  it('takes the filter’s _id: null when the replacement has none, and a new id when neither has one', async () => {
    const { db } = await start();
    const docs = db.collection<{ _id: unknown; [key: string]: unknown }>('docs');
    await docs.replaceOne({ _id: null } as never, { name: 'from filter' }, { upsert: true });
    await docs.replaceOne({ name: 'none' }, { name: 'none' }, { upsert: true });
    const stored = await docs.find({}).toArray();
    expect(stored).toHaveLength(2);
    expect(stored[0]).toEqual({ _id: null, name: 'from filter' });
    expect(Object.keys(stored[1]!)).toEqual(['_id', 'name']);
    expect(stored[1]!._id).not.toBeNull();
    expect(stored[1]!._id).toBeDefined();
  });
});
