import { Decimal128, Long, ObjectId, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { expectPingFirst } from './ping-first.js';
import { openWireClient } from './wire-client.js';

/**
 * No single command holds the engine's other clients (issue 8, class 8): aggregations and
 * heavy filters run on worker threads, so another connection's ping is answered while they
 * run, and maxTimeMS ends them inside one expression or stage with MaxTimeMSExpired (50).
 */
describe('embedded MongoDB: one heavy command does not stall the other clients', () => {
  const start = useMongoLite();
  const expired = { code: 50, codeName: 'MaxTimeMSExpired' };

  /** Sends the heavy command with maxTimeMS 500: the ping comes first, then the command ends with 50. */
  const expectExpiredAfterPing = async (port: number, heavy: (maxTimeMS: number) => Promise<unknown>) => {
    expect(await expectPingFirst(port, () => heavy(500))).toMatchObject(expired);
  };

  const oneDocument = async (db: Db) => {
    await db.collection<{ _id: number }>('one').insertOne({ _id: 1 });
    return db.collection('one');
  };

  it('ends a $reduce that doubles an array with 50, answering a ping meanwhile', async () => {
    const { server, db } = await start();
    const one = await oneDocument(db);
    const doubling = {
      $reduce: { input: { $range: [0, 40] }, initialValue: [1], in: { $concatArrays: ['$$value', '$$value'] } },
    };
    await expectExpiredAfterPing(server.port, (maxTimeMS) =>
      one.aggregate([{ $project: { n: { $size: doubling } } }], { maxTimeMS }).toArray(),
    );
  });

  it('ends $regexFindAll over a 4 MiB string with 50 (it used to run to the end), answering a ping meanwhile', async () => {
    const { server, db } = await start();
    await db.collection('text').insertOne({ s: 'ab'.repeat(2 * 1024 * 1024) });
    await expectExpiredAfterPing(server.port, (maxTimeMS) =>
      db
        .collection('text')
        .aggregate([{ $project: { n: { $size: { $regexFindAll: { input: '$s', regex: 'a' } } } } }], { maxTimeMS })
        .toArray(),
    );
  });

  it('ends an $unwind and $group of a million elements with 50, answering a ping meanwhile', async () => {
    const { server, db } = await start();
    const one = await oneDocument(db);
    const pipeline = [
      { $project: { list: { $range: [0, 1_000_000] } } },
      { $unwind: '$list' },
      { $group: { _id: '$list', n: { $sum: 1 } } },
      { $count: 'groups' },
    ];
    await expectExpiredAfterPing(server.port, (maxTimeMS) => one.aggregate(pipeline, { maxTimeMS }).toArray());
  });

  it('ends a $setUnion of two million-element arrays, and a $sortArray of a huge $push, with 50', async () => {
    const { server, db } = await start();
    const one = await oneDocument(db);
    const union = { $setUnion: [{ $range: [0, 2_000_000] }, { $range: [1, 2_000_001] }] };
    await expectExpiredAfterPing(server.port, (maxTimeMS) =>
      one.aggregate([{ $project: { n: { $size: union } } }], { maxTimeMS }).toArray(),
    );
    const sortedPush = [
      { $project: { list: { $range: [0, 500_000] } } },
      { $unwind: '$list' },
      { $group: { _id: null, all: { $push: { $mod: ['$list', 977] } } } },
      { $project: { first: { $first: { $sortArray: { input: '$all', sortBy: 1 } } } } },
    ];
    await expectExpiredAfterPing(server.port, (maxTimeMS) => one.aggregate(sortedPush, { maxTimeMS }).toArray());
  });

  it('answers a ping during a find with an 800,000-value $in, and finds what it names', async () => {
    const { server, db } = await start();
    await db.collection('many').insertMany(Array.from({ length: 2000 }, (_, i) => ({ i })));
    const wanted = Array.from({ length: 800_000 }, (_, k) => k * 1000 + 0.5);
    wanted.push(7, 1999);
    const found = await expectPingFirst(server.port, () =>
      db
        .collection('many')
        .find({ i: { $in: wanted } }, { projection: { _id: 0 } })
        .toArray(),
    );
    expect(found).toEqual([{ i: 7 }, { i: 1999 }]);
  }, 120_000);

  it('ends a find with 100,000 $or clauses with 50, answering a ping meanwhile; without maxTimeMS it answers', async () => {
    const { server, db } = await start();
    await db.collection('many').insertMany(Array.from({ length: 2000 }, (_, i) => ({ name: `n${i}` })));
    const clauses = Array.from({ length: 100_000 }, (_, k) => ({ name: `m${k}` }));
    await expectExpiredAfterPing(server.port, (maxTimeMS) =>
      db.collection('many').find({ $or: clauses }, { maxTimeMS }).toArray(),
    );
    // Without maxTimeMS the whole search runs (over fewer documents, to keep the test short).
    await db.collection('few').insertMany(Array.from({ length: 20 }, (_, i) => ({ name: `n${i}` })));
    clauses.push({ name: 'n12' });
    const found = await expectPingFirst(server.port, () =>
      db
        .collection('few')
        .find({ $or: clauses }, { projection: { _id: 0 } })
        .toArray(),
    );
    expect(found).toEqual([{ name: 'n12' }]);
  }, 120_000);

  it('answers a ping while a find sorts 30,000 documents, in the same order as before', async () => {
    const { server, db } = await start();
    await db.collection('big').insertMany(Array.from({ length: 30_000 }, (_, i) => ({ x: (i * 7919) % 1009, i })));
    const sorted = (await expectPingFirst(server.port, () =>
      db
        .collection('big')
        .find({}, { sort: { x: -1 }, projection: { _id: 0 } })
        .toArray(),
    )) as Array<{ x: number; i: number }>;
    expect(sorted).toHaveLength(30_000);
    // Descending x; equal x keep their natural (insertion) order, as a stable sort gives.
    const inOrder = sorted.every(
      (doc, at) => at === 0 || doc.x < sorted[at - 1]!.x || (doc.x === sorted[at - 1]!.x && doc.i > sorted[at - 1]!.i),
    );
    expect(inOrder).toBe(true);
  }, 120_000);

  it('gives back stored documents with their BSON types and computed ones intact from the worker', async () => {
    const { db } = await start();
    const id = new ObjectId();
    await db.collection('typed').insertMany([
      { _id: id, n: Long.fromNumber(2), d: Decimal128.fromString('1.5'), at: new Date(5) },
      { _id: new ObjectId(), n: Long.fromNumber(1), d: Decimal128.fromString('2.5'), at: new Date(6) },
    ]);
    const stored = await db
      .collection('typed')
      .aggregate([{ $match: { n: { $gte: 2 } } }, { $sort: { n: 1 } }], { promoteLongs: false })
      .toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]!['n']).toBeInstanceOf(Long);
    expect(stored[0]!['d']).toBeInstanceOf(Decimal128);
    const computed = await db
      .collection('typed')
      .aggregate([{ $sort: { n: -1 } }, { $project: { id: '$_id', at: 1, twice: { $multiply: ['$n', 2] } } }])
      .toArray();
    expect(computed[0]).toEqual({ _id: id, id, at: new Date(5), twice: 4 });
  });

  it('refuses $function, $accumulator and $where as mongod with JavaScript disabled, running nothing', async () => {
    const { db } = await start();
    const one = await oneDocument(db);
    const disabled = {
      code: 31264,
      message: 'Cannot run server-side javascript without the javascript engine enabled',
    };
    const fn = { $function: { body: 'function() { while (true) {} }', args: [], lang: 'js' } };
    await expect(one.aggregate([{ $project: { x: fn } }]).toArray()).rejects.toMatchObject(disabled);
    await expect(one.find({ $expr: fn }).toArray()).rejects.toMatchObject(disabled);
    const accumulator = {
      $accumulator: {
        init: 'function() { return 0 }',
        accumulate: 'function(s) { return s }',
        accumulateArgs: [],
        merge: 'function(a) { return a }',
        lang: 'js',
      },
    };
    await expect(one.aggregate([{ $group: { _id: null, x: accumulator } }]).toArray()).rejects.toMatchObject(disabled);
    await expect(db.collection('none').find({ $where: 'while (true) {}' }).toArray()).rejects.toMatchObject({
      code: 6108304,
      message: 'no globalScriptEngine in $where parsing',
    });
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('stops the aggregations of clients that disconnect, so endless ones abandoned on every worker free them', async () => {
    const { server, db } = await start();
    const list = Array.from({ length: 20_000 }, (_, i) => i);
    await db.collection('heavy').insertOne({ list });
    await db.collection('small').insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
    // 20,000^3 additions each (days), without maxTimeMS, on as many connections as there are workers.
    const sumOfLists = { $reduce: { input: '$list', initialValue: 0, in: { $add: ['$$value', { $sum: '$list' }] } } };
    const endless = { $reduce: { input: '$list', initialValue: 0, in: { $add: ['$$value', sumOfLists] } } };
    const abandoning = await Promise.all(Array.from({ length: 8 }, () => openWireClient(server.port)));
    for (const client of abandoning)
      void client
        .command({ aggregate: 'heavy', pipeline: [{ $project: { s: endless } }], cursor: {}, $db: 'lab' })
        .catch(() => undefined);
    // Each has read its one document once the server counts 8 scanned: then it goes to a worker.
    const scanned = async () =>
      Number((await db.admin().command({ serverStatus: 1 }))['metrics'].queryExecutor.scannedObjects);
    while ((await scanned()) < 8) await new Promise((resolve) => setImmediate(resolve));
    for (const client of abandoning) client.close();
    expect(
      await db
        .collection('small')
        .aggregate([{ $count: 'n' }])
        .toArray(),
    ).toEqual([{ n: 3 }]);
  });
});
