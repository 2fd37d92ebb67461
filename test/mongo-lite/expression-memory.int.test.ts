import path from 'node:path';
import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { useChildEngines } from './serve-in-child.js';

/**
 * An expression that would build a huge array is refused with mongod's ExceededMemoryLimit
 * (146) before it allocates: the engine runs in its own process here, so an allocation that
 * V8 cannot survive would show as the process exiting. The client that sent it (one pooled
 * connection) answers a ping next, and a client connected before it is still served.
 */
describe('embedded MongoDB: expressions that would build huge arrays', () => {
  const tempDir = useTempDir();
  const engines = useChildEngines();

  const serve = async () => {
    const cwd = tempDir();
    const served = await engines.serve(cwd, path.join(cwd, 'data'), { args: ['--no-persist'] });
    const connect = async () => (await engines.connect(served.uri, { maxPoolSize: 1 })).db('lab');
    const bystander = await connect();
    await bystander.command({ ping: 1 });
    const db = await connect();
    await db.collection<{ _id: number; n: number }>('d').insertMany([
      { _id: 1, n: 3 },
      { _id: 2, n: 5 },
    ]);
    /** The attacker's connection and the bystander's both answer, and the process still runs. */
    const expectStillServing = async () => {
      expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
      expect(await bystander.collection('d').countDocuments()).toBe(2);
      expect(served.child.exitCode).toBeNull();
      expect(served.child.signalCode).toBeNull();
    };
    return { db, expectStillServing };
  };

  const refusal = { code: 146, codeName: 'ExceededMemoryLimit' };

  it('refuses $range [0, 1e9] with the message mongod gives, and keeps serving', async () => {
    const { db, expectStillServing } = await serve();
    const pipeline = [{ $limit: 1 }, { $project: { x: { $range: [0, 1e9] } } }];
    await expect(db.collection('d').aggregate(pipeline).toArray()).rejects.toMatchObject({
      ...refusal,
      message:
        '$range would use too much memory (16000000040 bytes) and cannot spill to disk. Memory limit: 104857600 bytes',
    });
    await expectStillServing();
  });

  it('refuses $range inside $map whose ranges are each within the limit but not together', async () => {
    const { db, expectStillServing } = await serve();
    const pipeline = [
      { $limit: 1 },
      { $project: { x: { $map: { input: { $range: [0, 5_000_000] }, in: { $range: [0, 5_000_000] } } } } },
    ];
    await expect(db.collection('d').aggregate(pipeline).toArray()).rejects.toMatchObject(refusal);
    await expectStillServing();
  });

  it('refuses $concatArrays doubling an array in $reduce', async () => {
    const { db, expectStillServing } = await serve();
    const doubling = {
      $reduce: { input: { $range: [0, 64] }, initialValue: [0], in: { $concatArrays: ['$$value', '$$value'] } },
    };
    await expect(
      db
        .collection('d')
        .aggregate([{ $project: { x: { $size: doubling } } }])
        .toArray(),
    ).rejects.toMatchObject(refusal);
    await expectStillServing();
  });

  it('refuses $map nested in $map over a stored array', async () => {
    const { db, expectStillServing } = await serve();
    await db.collection('arrays').insertOne({ list: Array.from({ length: 20_000 }, (_, i) => i) });
    const product = {
      $map: { input: '$list', as: 'a', in: { $map: { input: '$$ROOT.list', as: 'b', in: { a: '$$a', b: '$$b' } } } },
    };
    await expect(
      db
        .collection('arrays')
        .aggregate([{ $project: { x: { $size: product } } }])
        .toArray(),
    ).rejects.toMatchObject(refusal);
    await expectStillServing();
  }, 120_000);

  it('refuses ranges within the limit in many documents that the reply would keep together', async () => {
    const { db, expectStillServing } = await serve();
    await db.collection('many').insertMany(Array.from({ length: 40 }, (_, i) => ({ i })));
    await expect(
      db
        .collection('many')
        .aggregate([{ $project: { x: { $range: [0, 4_000_000] } } }])
        .toArray(),
    ).rejects.toMatchObject(refusal);
    await expectStillServing();
  });

  it('refuses a huge $range in a find $expr filter', async () => {
    const { db, expectStillServing } = await serve();
    await expect(
      db
        .collection('d')
        .find({ $expr: { $gt: [{ $size: { $range: [0, 1e9] } }, 0] } })
        .toArray(),
    ).rejects.toMatchObject(refusal);
    await expectStillServing();
  });

  it('still answers ordinary $range and $concatArrays, per document', async () => {
    const { db, expectStillServing } = await serve();
    const pipeline: Document[] = [
      { $sort: { _id: 1 } },
      {
        $project: {
          up: { $range: [0, '$n'] },
          down: { $range: ['$n', 0, -2] },
          both: { $concatArrays: [[-1], { $range: [0, 2] }, [9]] },
        },
      },
    ];
    expect(await db.collection('d').aggregate(pipeline).toArray()).toEqual([
      { _id: 1, up: [0, 1, 2], down: [3, 1], both: [-1, 0, 1, 9] },
      { _id: 2, up: [0, 1, 2, 3, 4], down: [5, 3, 1], both: [-1, 0, 1, 9] },
    ]);
    expect(
      await db
        .collection('d')
        .aggregate([{ $limit: 1 }, { $project: { _id: 0, x: { $concatArrays: [[1], null] } } }])
        .toArray(),
    ).toEqual([{ x: null }]);
    const doubled = { $map: { input: { $range: [0, '$n'] }, as: 'v', in: { $multiply: ['$$v', 2] } } };
    expect(
      await db
        .collection('d')
        .aggregate([
          { $sort: { _id: 1 } },
          { $project: { _id: 0, doubled, none: { $map: { input: '$missing', in: 1 } } } },
        ])
        .toArray(),
    ).toEqual([
      { doubled: [0, 2, 4], none: null },
      { doubled: [0, 2, 4, 6, 8], none: null },
    ]);
    await expectStillServing();
  });
});
