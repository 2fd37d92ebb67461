import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { serverError } from '../helpers/server-error.js';

describe('embedded MongoDB: $-prefixed field names as mongod 7.0 takes them', () => {
  const start = useMongoLite();

  it('stores $-prefixed field names as mongod 5.0+ does, but not inside _id nor at the top of a replacement', async () => {
    const { db } = await start();
    const docs = db.collection<{ _id: number; [key: string]: unknown }>('docs');
    await docs.insertOne({ _id: 1, $price: 50, location: { $db: 'novels', $inc: true } });
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, $price: 50, location: { $db: 'novels', $inc: true } });
    // An operator update leaves the stored top-level $ field alone, and may set nested ones.
    await docs.updateOne({ _id: 1 }, { $set: { 'location.$ref': 'x', n: 1 } });
    expect(await docs.findOne({ _id: 1 })).toEqual({
      _id: 1,
      $price: 50,
      location: { $db: 'novels', $inc: true, $ref: 'x' },
      n: 1,
    });
    expect((await serverError(docs.updateOne({ _id: 1 }, { $set: { $hotel: 1 } }))).code).toBe(52);
    await docs.replaceOne({ _id: 1 }, { address: { $street: 'Elm' } });
    expect(await docs.findOne({ _id: 1 })).toEqual({ _id: 1, address: { $street: 'Elm' } });
    const replaced = await db.command({ update: 'docs', updates: [{ q: { _id: 1 }, u: { a: 1, $b: 2 } }] });
    expect(replaced['writeErrors']?.[0]?.code).toBe(52);
    const badId = await serverError(docs.insertOne({ _id: { $a: 1 } as never }));
    expect(badId.code).toBe(52);
    expect(badId.message).toContain('_id');
    expect(await docs.find({}).toArray()).toEqual([{ _id: 1, address: { $street: 'Elm' } }]);
  });
});
