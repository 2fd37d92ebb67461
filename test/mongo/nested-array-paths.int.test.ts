import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

/**
 * mongod walks a dotted path into an array one level (its documents), never into an array inside
 * an array, and at the end of the path an array counts as itself and as each element. Whatever the
 * shape, a condition and its negation ($ne, $nin, $not) never both match a document.
 */
describe('embedded MongoDB: dotted paths through nested arrays', () => {
  const start = useMongoLite();

  it('matches each condition or its negation, never both, as mongod walks the path', async () => {
    const { db } = await start();
    const docs = db.collection<{ _id: number; a: unknown }>('docs');
    await docs.insertMany([
      { _id: 1, a: [{ b: [5] }, { b: 6 }] },
      { _id: 2, a: [[{ b: 5 }]] },
      { _id: 3, a: [{ b: [[5]] }] },
      { _id: 4, a: { b: [5] } },
      { _id: 5, a: [{ b: 5 }, { c: 1 }] },
      { _id: 6, a: [[5]] },
    ]);
    const ids = async (filter: object) => (await docs.find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id);
    const equal = [1, 4, 5];
    const other = [2, 3, 6];
    expect(await ids({ 'a.b': 5 })).toEqual(equal);
    expect(await ids({ 'a.b': { $eq: 5 } })).toEqual(equal);
    expect(await ids({ 'a.b': { $in: [5, 7] } })).toEqual(equal);
    expect(await ids({ 'a.b': { $ne: 5 } })).toEqual(other);
    expect(await ids({ 'a.b': { $nin: [5, 7] } })).toEqual(other);
    expect(await ids({ 'a.b': { $not: { $eq: 5 } } })).toEqual(other);
    // A long $in list is matched through a set: the same walk.
    const many = [5, ...Array.from({ length: 40 }, (_, n) => 100 + n)];
    expect(await ids({ 'a.b': { $in: many } })).toEqual(equal);
    expect(await ids({ 'a.b': { $nin: many } })).toEqual(other);
  });
});
