import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { openWireClient } from './wire-client.js';

/**
 * A BSON document nested `depth` levels deep (`{a: {a: … {}}}`), built without recursion: each
 * level is its length and the element header 0x03 "a\0" (7 bytes), then the empty innermost
 * document (5 bytes), then one terminating 0 per level.
 */
function nestedBson(depth: number): Buffer {
  const total = depth * 8 + 5;
  const bytes = Buffer.alloc(total);
  for (let level = 0; level < depth; level++) {
    bytes.writeInt32LE(total - level * 8, level * 7);
    bytes.write('\x03a\x00', level * 7 + 4, 'latin1');
  }
  bytes.writeInt32LE(5, depth * 7);
  return bytes;
}

/** `{ a: { a: … { v: 1 } } }` with `depth` levels counting the document itself. */
const nested = (depth: number): Record<string, unknown> => {
  let document: Record<string, unknown> = { v: 1 };
  for (let level = 1; level < depth; level++) document = { a: document };
  return document;
};

/**
 * Requests that would exhaust the engine's memory or stack get mongod's errors instead, and the
 * server keeps answering: deep nesting, `$push` of 300,000 elements, `$group` over its memory
 * limit, strings doubled in `$reduce`.
 */
describe('embedded MongoDB: memory and nesting limits', () => {
  const start = useMongoLite();

  it('applies $push with $each of 300,000 elements, and distinct reads them back', async () => {
    const { db } = await start();
    const many = Array.from({ length: 300_000 }, (_, i) => i);
    const lists = db.collection<{ _id: number; list: number[] }>('lists');
    await lists.insertOne({ _id: 1, list: [] });
    await lists.updateOne({ _id: 1 }, { $push: { list: { $each: many } } });
    await lists.updateOne({ _id: 1 }, { $push: { list: { $each: [-1], $position: 0 } } });
    const stored = await lists.findOne({ _id: 1 });
    expect(stored?.list).toHaveLength(300_001);
    expect(stored?.list.slice(0, 3)).toEqual([-1, 0, 1]);
    // Distinct spreads a field's array into its values: the same 300,000 at once.
    expect(await lists.distinct('list')).toHaveLength(300_001);
  });

  it('stores documents 180 levels deep and refuses 181 with Overflow, on insert and on update, as mongod', async () => {
    const { db } = await start();
    const deep = db.collection('deep');
    await deep.insertOne({ _id: 1, ...nested(180) } as never);
    await expect(deep.insertOne({ _id: 2, ...nested(181) } as never)).rejects.toMatchObject({
      code: 15,
      message: 'cannot insert document because it exceeds 180 levels of nesting',
    });
    // Empty sub-documents do not count toward the depth.
    await deep.insertOne({ _id: 3, ...nested(180), e: {} } as never);
    await expect(deep.updateOne({ _id: 1 } as never, { $set: { b: nested(180) } })).rejects.toMatchObject({
      code: 15,
      message: 'Document exceeds maximum nesting depth of 180',
    });
    expect(await deep.countDocuments()).toBe(2);
    expect(await deep.countDocuments({ b: { $exists: true } })).toBe(0);
  });

  it('answers a message nested 100,000 levels deep with Overflow, and the connection goes on', async () => {
    const { server } = await start();
    const wire = await openWireClient(server.port);
    const ping = pingWithDeep(nestedBson(100_000));
    expect(await wire.command(ping)).toMatchObject({
      ok: 0,
      code: 15,
      codeName: 'Overflow',
      errmsg: 'BSONObj exceeds maximum nested object depth',
    });
    expect(await wire.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    wire.close();
  });

  it("refuses $group's $push past 100 MB (146) and a $group past 100 MB with allowDiskUse: false (292), as mongod", async () => {
    const { db } = await start();
    await db.collection('g').insertMany(Array.from({ length: 100 }, (_, i) => ({ i })));
    const pushed = { $push: { $range: [0, 70_000] } };
    await expect(
      db
        .collection('g')
        .aggregate([{ $group: { _id: null, all: pushed } }])
        .toArray(),
    ).rejects.toMatchObject({
      code: 146,
      codeName: 'ExceededMemoryLimit',
      message: '$push used too much memory and cannot spill to disk. Memory limit: 104857600 bytes',
    });
    const halves = [
      { $group: { _id: { $mod: ['$i', 2] }, all: pushed } },
      { $project: { n: { $size: '$all' } } },
      { $sort: { _id: 1 } },
    ];
    await expect(db.collection('g').aggregate(halves, { allowDiskUse: false }).toArray()).rejects.toMatchObject({
      code: 292,
      codeName: 'QueryExceededMemoryLimitNoDiskUseAllowed',
      message: "Exceeded memory limit for $group, but didn't allow external sort. Pass allowDiskUse:true to opt in.",
    });
    // mongod would spill the same $group to disk; under the engine's own bound it just runs.
    expect(await db.collection('g').aggregate(halves).toArray()).toEqual([
      { _id: 0, n: 50 },
      { _id: 1, n: 50 },
    ]);
  });

  it('refuses a string doubled in $reduce with ExceededMemoryLimit before it outgrows the heap', async () => {
    const { db } = await start();
    await db.collection('s').insertOne({ s: 'ab' });
    const doubling = {
      $reduce: { input: { $range: [0, 64] }, initialValue: '$s', in: { $concat: ['$$value', '$$value'] } },
    };
    await expect(
      db
        .collection('s')
        .aggregate([{ $project: { n: { $strLenCP: doubling } } }])
        .toArray(),
    ).rejects.toMatchObject({ code: 146, codeName: 'ExceededMemoryLimit' });
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});

/** `{ ping: 1, $db: 'admin', deep: <the given document> }` as BSON bytes. */
function pingWithDeep(deep: Buffer): Buffer {
  const head = Buffer.concat([
    Buffer.from('\x10ping\x00', 'latin1'),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from('\x02$db\x00', 'latin1'),
    Buffer.from([6, 0, 0, 0]),
    Buffer.from('admin\x00'),
    Buffer.from('\x03deep\x00', 'latin1'),
  ]);
  const size = 4 + head.length + deep.length + 1;
  const length = Buffer.alloc(4);
  length.writeInt32LE(size);
  return Buffer.concat([length, head, deep, Buffer.from([0])]);
}
