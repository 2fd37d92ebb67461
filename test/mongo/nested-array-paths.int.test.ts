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

  it('answers null on a path through arrays the same with an index on it, without, and with hint $natural', async () => {
    const { db } = await start();
    const docs = db.collection<{ _id: number; a: unknown }>('nulls');
    // 5: `a.b` walks one array level, so the field is missing; 1 and 10: their elements lack a field `0`.
    await docs.insertMany([
      { _id: 1, a: [{ b: [1, 2] }, { b: 3 }] },
      { _id: 5, a: [[{ b: 1 }]] },
      { _id: 10, a: [{ b: { c: 1 } }] },
    ]);
    const ids = async (filter: object, natural: boolean) => {
      const cursor = docs.find(filter);
      if (natural) cursor.hint({ $natural: 1 });
      return (await cursor.toArray()).map((doc) => doc._id).sort((x, y) => x - y);
    };
    const expected: [object, number[]][] = [
      [{ 'a.b': null }, [5]],
      [{ 'a.b': { $ne: null } }, [1, 10]],
      [{ 'a.b': { $in: [null, 3] } }, [1, 5]],
      [{ 'a.0.b': null }, [1, 10]],
      [{ 'a.0.b': { $ne: null } }, [5]],
      [{ 'a.0.b': { $in: [null, 7] } }, [1, 10]],
    ];
    const answers = async () => {
      const out: number[][] = [];
      for (const [filter] of expected) for (const natural of [false, true]) out.push(await ids(filter, natural));
      return out;
    };
    const want = expected.flatMap(([, answer]) => [answer, answer]);
    expect(await answers()).toEqual(want);
    await docs.createIndex({ 'a.b': 1 });
    expect(await answers()).toEqual(want);
    await docs.createIndex({ 'a.0.b': 1 });
    expect(await answers()).toEqual(want);
    await docs.dropIndex('a.b_1');
    expect(await answers()).toEqual(want);

    // mongod's own jstests/core/indexv.js: an element lacking `b` is a missing branch, an empty array is none.
    const shapes = db.collection<{ _id: number; a: unknown }>('null_shapes');
    await shapes.insertMany([
      { _id: 1, a: [{}, { b: 1 }] },
      { _id: 2, a: [{ b: [] }, { b: { c: 1 } }] },
    ]);
    for (const index of [undefined, 'a.b', 'a.b.c']) {
      if (index !== undefined) await shapes.createIndex({ [index]: 1 });
      expect((await shapes.find({ 'a.b': null }).toArray()).map((doc) => doc._id)).toEqual([1]);
      expect((await shapes.find({ 'a.b.c': null }).toArray()).map((doc) => doc._id)).toEqual([1]);
      expect((await shapes.find({ 'a.b.c': { $ne: null } }).toArray()).map((doc) => doc._id)).toEqual([2]);
    }
  });
});
