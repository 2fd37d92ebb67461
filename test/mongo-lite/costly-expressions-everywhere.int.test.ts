import { Int32, Long, type Collection, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { expectPingFirst } from './ping-first.js';

/**
 * Every place the engine evaluates a client's expression either runs it off the thread that
 * answers every connection or bounds it (issue 8, class 8). The attack pass found a projection's
 * `$elemMatch` and a change stream's `$match` matching `[^b]{0,500}[bB]` over 200 KB on that
 * thread (8.7 s, pings waiting up to 18.7 s). RE2 is linear in program size × string length,
 * and one match cannot be interrupted, so a pattern the old "heavy" rule let through
 * (`(?:[^c]{0,30}){0,30}[cC]`: no count of 100, 25 characters, 1,832 instructions) held the
 * thread as long: a match too costly for it now moves the evaluation to a worker thread.
 */
describe('embedded MongoDB: a costly expression anywhere does not stall the other clients', () => {
  const start = useMongoLite();
  const expired = { code: 50, codeName: 'MaxTimeMSExpired' };
  /** Seconds over 20 KB with re2js, and not caught by the old rule (every count under 100). */
  const nested = '(?:[^c]{0,30}){0,30}[cC]';
  const counted = '[^b]{0,500}[bB]';
  const long = 'a'.repeat(20_000);

  const withLongStrings = async () => {
    const started = await start();
    const text = started.db.collection('text');
    await text.insertOne({ _id: 1, s: long, o: [{ s: long }, { s: 'B' }], tags: ['x'] } as Document);
    return { ...started, text };
  };

  it('find, count, distinct, delete, update and findAndModify with a nested counted repetition end with 50 after the ping', async () => {
    const { server, text } = await withLongStrings();
    const port = server.port;
    const filter = { s: { $regex: nested } };
    expect(await expectPingFirst(port, () => text.find(filter, { maxTimeMS: 500 }).toArray())).toMatchObject(expired);
    expect(await expectPingFirst(port, () => text.countDocuments(filter, { maxTimeMS: 500 }))).toMatchObject(expired);
    expect(await expectPingFirst(port, () => text.distinct('tags', filter, { maxTimeMS: 500 }))).toMatchObject(expired);
    expect(await expectPingFirst(port, () => text.deleteMany(filter, { maxTimeMS: 500 }))).toMatchObject(expired);
    expect(
      await expectPingFirst(port, () => text.updateMany(filter, { $set: { touched: 1 } }, { maxTimeMS: 500 })),
    ).toMatchObject(expired);
    expect(
      await expectPingFirst(port, () => text.findOneAndUpdate(filter, { $set: { touched: 1 } }, { maxTimeMS: 500 })),
    ).toMatchObject(expired);
    // Nothing was written by the interrupted writes.
    expect(await text.countDocuments({ touched: 1 })).toBe(0);
    expect(await text.countDocuments({})).toBe(1);
  });

  it('a regex inside $in, $not and a filter $elemMatch ends with 50 after the ping too', async () => {
    const { server, text } = await withLongStrings();
    for (const filter of [
      { s: { $in: [new RegExp(nested), 'none'] } },
      { s: { $not: new RegExp(nested) } },
      { o: { $elemMatch: { s: { $regex: nested } } } },
    ]) {
      expect(
        await expectPingFirst(server.port, () => text.find(filter as Document, { maxTimeMS: 500 }).toArray()),
      ).toMatchObject(expired);
    }
  });

  it('the same filters over short strings are answered here as before, and a cheap one over a long string on a worker', async () => {
    const { text, db } = await withLongStrings();
    const short = db.collection('short');
    await short.insertMany([
      { _id: 2, s: 'abc', o: [{ s: 'xc' }] },
      { _id: 3, s: 'abd', o: [{ s: 'xd' }] },
    ] as Document[]);
    expect(await short.find({ s: { $regex: nested } }, { projection: { _id: 1 } }).toArray()).toEqual([{ _id: 2 }]);
    expect(await short.countDocuments({ s: { $in: [new RegExp(nested)] } })).toBe(1);
    expect(await short.countDocuments({ o: { $elemMatch: { s: { $regex: nested } } } })).toBe(1);
    expect(await text.countDocuments({ s: { $regex: '^a+$' } })).toBe(1);
    expect(await text.countDocuments({ s: { $regex: '^a+b' } })).toBe(0);
  });

  it("a find projection's $elemMatch with a costly regex ends with 50 after the ping", async () => {
    const { server, text } = await withLongStrings();
    // The nested pattern, seconds over 20 KB: the counted one took under 500 ms on a quiet machine.
    const projection = { o: { $elemMatch: { s: { $regex: nested } } } };
    expect(
      await expectPingFirst(server.port, () => text.find({}, { projection, maxTimeMS: 500 }).toArray()),
    ).toMatchObject(expired);
  });

  it('a projection with $elemMatch returns _id and the first matching element only, as mongod does', async () => {
    const { db } = await start();
    const shapes = db.collection('shapes');
    await shapes.insertMany([
      { _id: 1, x: 7, o: [{ s: 'a' }, { s: 'B', n: 1 }, { s: 'B', n: 2 }] },
      { _id: 2, x: 8, o: [{ s: 'a' }] },
      { _id: 3, x: 9, o: { s: 'B' } },
    ] as Document[]);
    const elemMatch = { o: { $elemMatch: { s: 'B' } } };
    expect(await shapes.find({}, { projection: elemMatch }).toArray()).toEqual([
      { _id: 1, o: [{ s: 'B', n: 1 }] },
      { _id: 2 },
      { _id: 3 },
    ]);
    expect(await shapes.find({ _id: 1 as never }, { projection: { x: 1, ...elemMatch } }).toArray()).toEqual([
      { _id: 1, x: 7, o: [{ s: 'B', n: 1 }] },
    ]);
    expect(await shapes.find({ _id: 1 as never }, { projection: { _id: 0, ...elemMatch } }).toArray()).toEqual([
      { o: [{ s: 'B', n: 1 }] },
    ]);
    expect(await shapes.findOneAndUpdate({ _id: 1 as never }, { $set: { x: 70 } }, { projection: elemMatch })).toEqual({
      _id: 1,
      o: [{ s: 'B', n: 1 }],
    });
  });

  it("findAndModify's projection with a costly $elemMatch answers the ping first and returns the written document's shape", async () => {
    const { server, db } = await start();
    const text = db.collection('text');
    await text.insertOne({ _id: 1, o: [{ s: 'a'.repeat(5_000) }, { s: 'B' }] } as Document);
    const reply = await expectPingFirst(server.port, () =>
      text.findOneAndUpdate(
        { _id: 1 as never },
        { $set: { seen: true } },
        { projection: { o: { $elemMatch: { s: { $regex: counted } } } }, returnDocument: 'after' },
      ),
    );
    expect(reply).toEqual({ _id: 1, o: [{ s: 'B' }] });
    expect(await text.countDocuments({ seen: true })).toBe(1);
  });

  it("an update's costly arrayFilters or $pull condition ends with 50 after the ping and changes nothing", async () => {
    const { server, text } = await withLongStrings();
    const arrayFilters = [{ 'e.s': { $regex: nested } }];
    expect(
      await expectPingFirst(server.port, () =>
        text.updateOne({ _id: 1 as never }, { $set: { 'o.$[e].hit': 1 } }, { arrayFilters, maxTimeMS: 500 }),
      ),
    ).toMatchObject(expired);
    expect(
      await expectPingFirst(server.port, () =>
        text.updateMany({}, { $pull: { o: { s: { $regex: nested } } } } as never, { maxTimeMS: 500 }),
      ),
    ).toMatchObject(expired);
    expect(
      await expectPingFirst(server.port, () =>
        text.findOneAndUpdate({ _id: 1 as never }, { $set: { 'o.$[e].hit': 1 } }, { arrayFilters, maxTimeMS: 500 }),
      ),
    ).toMatchObject(expired);
    expect(await text.findOne({ _id: 1 as never })).toMatchObject({ o: [{ s: long }, { s: 'B' }] });
    expect(await text.countDocuments({ 'o.hit': { $exists: true } })).toBe(0);
  });

  it('an update cheap per document but costly in all ($pullAll, $addToSet $each of many values) ends with 50 after the ping', async () => {
    const { server, db } = await start();
    const lists = db.collection<{ _id: number; a: number[] }>('lists');
    await lists.insertMany(
      Array.from({ length: 500 }, (_, i) => ({ _id: i, a: Array.from({ length: 100 }, (_, j) => j) })),
    );
    const many = Array.from({ length: 50_000 }, (_, i) => i + 1_000_000);
    expect(
      await expectPingFirst(server.port, () => lists.updateMany({}, { $pullAll: { a: many } }, { maxTimeMS: 300 })),
    ).toMatchObject(expired);
    expect(
      await expectPingFirst(server.port, () =>
        lists.updateMany({}, { $addToSet: { a: { $each: many } } }, { maxTimeMS: 300 }),
      ),
    ).toMatchObject(expired);
    expect(await lists.countDocuments({ 'a.100': { $exists: true } })).toBe(0);
  });

  it('an update whose array filter is applied on a worker writes what it would here, number types included', async () => {
    const { db } = await start();
    const text = db.collection('text');
    await text.insertOne({ _id: 1, n: new Int32(1), l: Long.fromNumber(5), o: [{ s: long }, { s: 'B' }] } as Document);
    const reply = await text.updateOne(
      { _id: 1 as never },
      { $inc: { n: new Int32(1), l: Long.fromNumber(1) }, $set: { 'o.$[e].hit': true } },
      { arrayFilters: [{ 'e.s': { $regex: '^a+$' } }] },
    );
    expect(reply).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const stored = await text.findOne({ _id: 1 as never }, { promoteValues: false });
    expect(stored?.['n']).toEqual(new Int32(2));
    expect(stored?.['l']).toEqual(Long.fromNumber(6));
    expect(stored?.['o']).toEqual([{ s: long, hit: true }, { s: 'B' }]);
  });

  it('refuses a partial index whose filter mongod refuses (a $regex there would run on every write), and keeps the allowed ones', async () => {
    const { db } = await start();
    const text = db.collection('text');
    for (const partialFilterExpression of [
      { s: { $regex: nested } },
      { s: new RegExp(nested) },
      { $expr: { $gt: ['$n', 1] } },
      { $or: [{ s: { $not: { $eq: 1 } } }] },
    ]) {
      await expect(text.createIndex({ s: 1 }, { partialFilterExpression })).rejects.toMatchObject({
        code: 67,
        codeName: 'CannotCreateIndex',
      });
    }
    await text.createIndex({ n: 1 }, { partialFilterExpression: { n: { $gt: 1 }, s: { $exists: true } } });
    await text.insertMany([
      { n: 2, s: 'x' },
      { n: 0, s: 'y' },
    ]);
    expect(await text.countDocuments({ n: { $gt: 1 } })).toBe(1);
  });

  describe('change streams', () => {
    const openStream = async (
      collection: Collection,
      pipeline: Document[],
      limits: { maxTimeMS?: number } = { maxTimeMS: 500 },
    ) => {
      const stream = collection.watch(pipeline, { ...limits, maxAwaitTimeMS: 100 });
      await stream.tryNext(); // open once its first (empty) batch is back
      return stream;
    };

    it("a $match with a costly regex: another client's insert and ping are answered, and the stream ends with 50", async () => {
      const { server, db } = await start();
      const text = db.collection('text');
      const stream = await openStream(text, [{ $match: { 'fullDocument.s': { $regex: nested } } }]);
      await text.insertOne({ s: long });
      expect(await expectPingFirst(server.port, () => stream.next())).toMatchObject(expired);
      await stream.close();
    });

    it('a $match with $expr, and an $addFields that doubles an array, end with 50 after the ping', async () => {
      const { server, db } = await start();
      const text = db.collection('text');
      const doubling = {
        $reduce: { input: { $range: [0, 40] }, initialValue: [1], in: { $concatArrays: ['$$value', '$$value'] } },
      };
      for (const pipeline of [
        [{ $match: { $expr: { $regexMatch: { input: '$fullDocument.s', regex: nested } } } }],
        [{ $addFields: { n: { $size: doubling } } }],
      ]) {
        const stream = await openStream(text, pipeline);
        await text.insertOne({ s: long });
        expect(await expectPingFirst(server.port, () => stream.next())).toMatchObject(expired);
        await stream.close();
      }
    });

    it('cheap and offloaded stream pipelines deliver the same events, in order', async () => {
      const { db } = await start();
      const text = db.collection('text');
      const cheap = await openStream(text, [{ $match: { 'fullDocument.s': { $regex: '^ab' } } }], {});
      const offloaded = await openStream(
        text,
        [
          { $match: { $expr: { $regexMatch: { input: '$fullDocument.s', regex: '^ab' } } } },
          { $project: { 'fullDocument.s': 1, operationType: 1 } },
        ],
        {},
      );
      await text.insertMany([{ s: 'abc' }, { s: 'xyz' }, { s: `ab${long}` }, { s: 'abd' }]);
      const firstThree = async (stream: typeof cheap) => {
        const seen: unknown[] = [];
        while (seen.length < 3) seen.push(((await stream.next()) as Document)['fullDocument']['s']);
        return seen;
      };
      const expected = ['abc', `ab${long}`, 'abd'];
      expect(await firstThree(cheap)).toEqual(expected);
      expect(await firstThree(offloaded)).toEqual(expected);
      await cheap.close();
      await offloaded.close();
    });
  });
});
