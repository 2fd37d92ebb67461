import type { UpdateFilter } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

interface Item {
  _id: number;
  k?: number;
  x?: number;
  word?: string;
  other?: string;
  isAdmin?: boolean;
}

const refused = {
  code: 2,
  message: expect.stringMatching(/'__proto__' would reach a JavaScript prototype/) as unknown,
};

/**
 * A field named `__proto__` reaches a JavaScript object's prototype: setting through it once
 * crashed the engine for every client or broke aggregation everywhere. The engine refuses such
 * names with a clear BadValue, stores the text "__proto__" as a value, and keeps serving.
 */
describe('embedded MongoDB: __proto__ as a field name', () => {
  const start = useMongoLite();

  it('refuses __proto__ in update paths, inserted documents, $rename targets and pipeline fields', async () => {
    const { db } = await start();
    const items = db.collection<Item>('items');
    await items.insertOne({ _id: 1, k: 1, x: 5 });
    // Field names the collection's type does not know: what an attacker sends.
    const update = (change: Record<string, unknown>) => items.updateOne({ _id: 1 }, change as UpdateFilter<Item>);
    await expect(update({ $set: { '__proto__.toString': 1 } })).rejects.toMatchObject(refused);
    await expect(update({ $inc: { '__proto__.polluted': 1 } })).rejects.toMatchObject(refused);
    await expect(update({ $rename: { k: '__proto__.pz' } })).rejects.toMatchObject(refused);
    const parsed = JSON.parse('{"__proto__":{"isAdmin":true},"_id":2}') as Item;
    await expect(items.insertOne(parsed)).rejects.toMatchObject(refused);
    await expect(update({ $set: { payload: parsed } })).rejects.toMatchObject(refused);
    await expect(items.aggregate([{ $addFields: { '__proto__.x': 1 } }]).toArray()).rejects.toMatchObject(refused);

    // Nothing leaked into other documents, other clients' aggregations work, nothing matches an inherited field.
    expect(await items.aggregate([{ $project: { x: 1 } }]).toArray()).toEqual([{ _id: 1, x: 5 }]);
    expect(await items.find({ isAdmin: true }).toArray()).toEqual([]);
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, k: 1, x: 5 });
  });

  it('stores and finds the text "__proto__" as an ordinary value', async () => {
    const { db } = await start();
    const items = db.collection<Item>('texts');
    await items.insertOne({ _id: 1, word: '__proto__' });
    await items.updateOne({ _id: 1 }, { $set: { other: 'a.__proto__' } });
    expect(await items.find({ word: '__proto__' }).toArray()).toEqual([
      { _id: 1, word: '__proto__', other: 'a.__proto__' },
    ]);
  });
});
