import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { openWireClient } from './wire-client.js';

/**
 * No pattern a client sends can stall the engine (regular expressions are matched by RE2, in
 * linear time), and maxTimeMS stops any long command with MaxTimeMSExpired (50).
 */
describe('embedded MongoDB: regular expressions and maxTimeMS', () => {
  const start = useMongoLite();

  it("answers { $regex: '^(a+)+$' } against 'a'.repeat(27)+'b' at once, and another client's ping meanwhile", async () => {
    const { server, db } = await start();
    const words = db.collection('words');
    // 27 characters took 9 s with a backtracking engine; 5,000 would never finish.
    await words.insertMany([{ w: `${'a'.repeat(27)}b` }, { w: `${'a'.repeat(5000)}b` }, { w: 'aaaa' }]);
    const other = await openWireClient(server.port);
    const events: string[] = [];
    const slow = words
      .find({ w: { $regex: '^(a+)+$' } }, { maxTimeMS: 500, projection: { _id: 0 } })
      .toArray()
      .then((found) => {
        events.push('regex answered');
        return found;
      });
    const ping = other.command({ ping: 1, $db: 'admin' }).then((reply) => {
      events.push('ping answered');
      return reply;
    });
    expect(await slow).toEqual([{ w: 'aaaa' }]);
    expect(await ping).toMatchObject({ ok: 1 });
    expect(events.sort()).toEqual(['ping answered', 'regex answered']);
    // The same pattern as a regular expression value, inside $in and $not, and in $regexMatch.
    expect(await words.countDocuments({ w: /^(a+)+$/ })).toBe(1);
    expect(await words.countDocuments({ w: { $in: [/^(a+)+$/, 'none'] } })).toBe(1);
    expect(await words.countDocuments({ w: { $not: /^(a+)+$/ } })).toBe(2);
    expect(await words.countDocuments({ $expr: { $regexMatch: { input: '$w', regex: '^(a+)+$' } } })).toBe(1);
    other.close();
  });

  it("keeps mongod's options i, m, s and x", async () => {
    const { db } = await start();
    const notes = db.collection('notes');
    await notes.insertMany([
      { _id: 1, t: 'Hello\nWorld' },
      { _id: 2, t: 'hello world' },
    ] as never[]);
    const ids = async (filter: object) => (await notes.find(filter).toArray()).map((doc) => doc._id);
    expect(await ids({ t: { $regex: '^hello', $options: 'i' } })).toEqual([1, 2]);
    expect(await ids({ t: { $regex: '^World', $options: 'm' } })).toEqual([1]);
    expect(await ids({ t: { $regex: 'Hello.World', $options: 's' } })).toEqual([1]);
    expect(await ids({ t: { $regex: 'hello \\  world  # a comment', $options: 'x' } })).toEqual([2]);
    expect(await ids({ t: /^hello/i })).toEqual([1, 2]);
    const found = await notes
      .aggregate([
        { $match: { _id: 2 } },
        { $project: { _id: 0, m: { $regexFindAll: { input: '$t', regex: '(o)' } } } },
      ])
      .toArray();
    expect(found).toEqual([
      {
        m: [
          { match: 'o', idx: 4, captures: ['o'] },
          { match: 'o', idx: 7, captures: ['o'] },
        ],
      },
    ]);
  });

  it('refuses what RE2 cannot match in linear time with BadValue', async () => {
    const { db } = await start();
    await db.collection('x').insertOne({ s: 'aa' });
    await expect(
      db
        .collection('x')
        .find({ s: { $regex: '(a)\\1' } })
        .toArray(),
    ).rejects.toMatchObject({ code: 2, codeName: 'BadValue', message: expect.stringContaining('backreferences') });
    await expect(db.collection('x').countDocuments({ s: { $regex: 'a(?=a)' } })).rejects.toMatchObject({ code: 2 });
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('stops find, count, distinct, aggregate, update and delete past maxTimeMS with MaxTimeMSExpired', async () => {
    const { db } = await start();
    const items = db.collection('items');
    await items.insertMany(Array.from({ length: 300 }, (_, i) => ({ i, even: i % 2 === 0 })));
    // mongod's own fail point: every maxTimeMS has already run out, whatever the machine's speed.
    await db.admin().command({ configureFailPoint: 'maxTimeAlwaysTimeOut', mode: 'alwaysOn' });
    const expired = { code: 50, codeName: 'MaxTimeMSExpired', message: 'operation exceeded time limit' };
    await expect(items.find({ even: true }, { maxTimeMS: 1000 }).toArray()).rejects.toMatchObject(expired);
    await expect(items.countDocuments({ even: true }, { maxTimeMS: 1000 })).rejects.toMatchObject(expired);
    await expect(items.distinct('i', { even: true }, { maxTimeMS: 1000 })).rejects.toMatchObject(expired);
    await expect(
      items.aggregate([{ $group: { _id: '$even', n: { $sum: 1 } } }], { maxTimeMS: 1000 }).toArray(),
    ).rejects.toMatchObject(expired);
    await expect(items.updateMany({ even: true }, { $set: { seen: true } }, { maxTimeMS: 1000 })).rejects.toMatchObject(
      expired,
    );
    await expect(items.deleteMany({ even: true }, { maxTimeMS: 1000 })).rejects.toMatchObject(expired);
    // Without maxTimeMS nothing is limited, and the engine answers as before.
    expect(await items.countDocuments({ even: true })).toBe(150);
    await db.admin().command({ configureFailPoint: 'maxTimeAlwaysTimeOut', mode: 'off' });
    expect(await items.countDocuments({ even: true }, { maxTimeMS: 60_000 })).toBe(150);
    expect(await items.countDocuments({ seen: true })).toBe(0);
  });
});
