import type { Db, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { expectPingFirst } from './ping-first.js';

/**
 * maxTimeMS bounds a command wherever its time goes (inside one document's expression, a
 * `$lookup` sub-pipeline, a `$group` key), and a long command, with or without maxTimeMS, lets
 * other connections in: the engine has one thread, so reads yield to the event loop as they go.
 */
describe('embedded MongoDB: time limits inside expressions, and long commands that do not starve others', () => {
  const start = useMongoLite();
  const expired = { code: 50, codeName: 'MaxTimeMSExpired' };

  /** `$list` summed once per element of `$list`: quadratic work that builds no array. */
  const sumOfSums = {
    $reduce: {
      input: '$list',
      initialValue: 0,
      in: { $add: ['$$value', { $reduce: { input: '$list', initialValue: 0, in: { $add: ['$$value', '$$this'] } } }] },
    },
  };

  /** `docs` documents whose `list` holds `length` numbers. */
  const seed = async (db: Db, name: string, docs: number, length: number) => {
    const list = Array.from({ length }, (_, i) => i);
    await db.collection(name).insertMany(Array.from({ length: docs }, (_, i) => ({ i, list })));
  };

  it('ends a find whose $expr runs for minutes in one document with MaxTimeMSExpired', async () => {
    const { db } = await start();
    // 4 x 20,000^2 additions: hours for mingo, so only the check inside the expression ends it.
    await seed(db, 'heavy', 4, 20_000);
    const filter = { $expr: { $gt: [sumOfSums, 0] } };
    await expect(db.collection('heavy').find(filter, { maxTimeMS: 300 }).toArray()).rejects.toMatchObject(expired);
    await expect(db.collection('heavy').countDocuments(filter, { maxTimeMS: 300 })).rejects.toMatchObject(expired);
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('ends an aggregate inside its $lookup sub-pipeline, and inside a $group key, with MaxTimeMSExpired', async () => {
    const { db } = await start();
    await seed(db, 'heavy', 4, 20_000);
    await db.collection('orders').insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const lookup = [{ $lookup: { from: 'heavy', pipeline: [{ $project: { s: sumOfSums } }], as: 'sums' } }];
    await expect(db.collection('orders').aggregate(lookup, { maxTimeMS: 300 }).toArray()).rejects.toMatchObject(
      expired,
    );
    const group = [{ $group: { _id: sumOfSums, n: { $sum: 1 } } }];
    await expect(db.collection('heavy').aggregate(group, { maxTimeMS: 300 }).toArray()).rejects.toMatchObject(expired);
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it("answers another client's ping while a long find with $expr runs without maxTimeMS", async () => {
    const { server, db } = await start();
    await seed(db, 'heavy', 30, 100);
    const found = await expectPingFirst(server.port, () =>
      db
        .collection('heavy')
        .find({ $expr: { $lt: [sumOfSums, 0] } })
        .toArray(),
    );
    expect(found).toEqual([]);
  });

  it("answers another client's ping while an aggregate runs $lookup sub-pipelines, and while a $group takes its input", async () => {
    const { server, db } = await start();
    await seed(db, 'heavy', 20, 50);
    await db.collection('orders').insertMany(Array.from({ length: 6 }, (_, i) => ({ i })));
    const lookup = [
      { $lookup: { from: 'heavy', pipeline: [{ $project: { _id: 0, s: sumOfSums } }], as: 'sums' } },
      { $project: { _id: 0, n: { $size: '$sums' } } },
    ];
    const joined = (await expectPingFirst(server.port, () =>
      db.collection('orders').aggregate(lookup).toArray(),
    )) as Document[];
    expect(joined).toEqual(Array.from({ length: 6 }, () => ({ n: 20 })));
    await seed(db, 'wide', 30, 100);
    const grouped = [{ $match: { $expr: { $gte: [sumOfSums, 0] } } }, { $group: { _id: null, n: { $sum: 1 } } }];
    expect(await expectPingFirst(server.port, () => db.collection('wide').aggregate(grouped).toArray())).toEqual([
      { _id: null, n: 30 },
    ]);
  });
});
