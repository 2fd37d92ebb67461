import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { openWireClient } from './wire-client.js';

const MB = 1024 * 1024;

/**
 * No request can take the server down: documents over 16 MiB are refused as mongod refuses
 * them, replies never pass the wire limit, and a request that fails gets an error reply on a
 * connection that stays usable. A bystander connection, opened first, must still answer last.
 */
describe('embedded MongoDB: limits on documents and replies', () => {
  const start = useMongoLite();

  it('refuses a raw 20 MB insert with BSONObjectTooLarge, then serves find and ping on the same connection', async () => {
    const { server, db } = await start();
    const bystander = await openWireClient(server.port);
    const wire = await openWireClient(server.port);
    const reply = await wire.command({ insert: 'big', documents: [{ _id: 1, s: 'x'.repeat(20 * MB) }], $db: 'lab' });
    expect(reply).toMatchObject({
      ok: 1,
      n: 0,
      writeErrors: [{ index: 0, code: 10334, codeName: 'BSONObjectTooLarge' }],
    });
    expect(await wire.command({ find: 'big', filter: {}, $db: 'lab' })).toMatchObject({
      ok: 1,
      cursor: { firstBatch: [] },
    });
    expect(await wire.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    expect(await db.collection('big').countDocuments()).toBe(0);
    expect(await bystander.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    wire.close();
    bystander.close();
  });

  it('quotes a 10 MB duplicate _id in a short message', async () => {
    const { server, db } = await start();
    const bystander = await openWireClient(server.port);
    const id = 'k'.repeat(10 * MB);
    await db.collection('dup').insertOne({ _id: id as never });
    const wire = await openWireClient(server.port);
    const reply = await wire.command({
      insert: 'dup',
      documents: [{ _id: id }, { _id: `${id}2` }, { _id: id }],
      ordered: false,
      $db: 'lab',
    });
    expect(reply).toMatchObject({
      ok: 1,
      n: 1,
      writeErrors: [
        { index: 0, code: 11000 },
        { index: 2, code: 11000 },
      ],
    });
    const errors = reply['writeErrors'] as Array<{ errmsg: string; keyValue: { _id: string } }>;
    for (const error of errors) {
      expect(error.errmsg).toMatch(
        /^E11000 duplicate key error collection: lab\.dup index: _id_ dup key: \{ _id: "kkk/,
      );
      expect(error.errmsg.length).toBeLessThan(10_000);
      expect(error.keyValue._id.length).toBeLessThan(10_000);
    }
    expect(await wire.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    expect(await db.collection('dup').countDocuments()).toBe(2);
    expect(await bystander.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    wire.close();
    bystander.close();
  });

  it('answers an 18 MB $group/$push result with BSONObjectTooLarge and keeps serving', async () => {
    const { server, db } = await start();
    const bystander = await openWireClient(server.port);
    await db.collection('parts').insertMany(Array.from({ length: 18 }, (_, i) => ({ i, s: 'p'.repeat(MB) })));
    await expect(
      db
        .collection('parts')
        .aggregate([{ $group: { _id: null, all: { $push: '$s' } } }])
        .toArray(),
    ).rejects.toMatchObject({ code: 10334, codeName: 'BSONObjectTooLarge' });
    // The same pool's connection answers the next command.
    expect(await db.collection('parts').countDocuments()).toBe(18);
    expect(await bystander.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    bystander.close();
  });

  it('answers a 20 MB command name with a short CommandNotFound', async () => {
    const { server } = await start();
    const bystander = await openWireClient(server.port);
    const wire = await openWireClient(server.port);
    const reply = await wire.command({ ['c'.repeat(20 * MB)]: 1, $db: 'admin' });
    expect(reply).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
    expect(String(reply['errmsg']).length).toBeLessThan(10_000);
    expect(await wire.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    expect(await bystander.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    wire.close();
    bystander.close();
  });

  it('refuses replies over the limit that no single document causes (distinct of 20 MB of values)', async () => {
    const { server, db } = await start();
    await db.collection('words').insertMany(Array.from({ length: 20 }, (_, i) => ({ w: `${i}`.padEnd(MB, 'w') })));
    await expect(db.collection('words').distinct('w')).rejects.toMatchObject({ code: 10334 });
    const wire = await openWireClient(server.port);
    expect(await wire.command({ ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
    wire.close();
  });

  it('leaves a document as it was when an update would take it over 16 MiB', async () => {
    const { db } = await start();
    const docs = db.collection('grow');
    await docs.insertOne({ _id: 1 as never, a: 'a'.repeat(15 * MB) });
    await expect(docs.updateOne({ _id: 1 as never }, { $set: { b: 'b'.repeat(5 * MB) } })).rejects.toMatchObject({
      code: 10334,
    });
    await expect(docs.findOneAndUpdate({ _id: 1 as never }, { $set: { c: 'c'.repeat(5 * MB) } })).rejects.toMatchObject(
      { code: 10334 },
    );
    await expect(
      docs.replaceOne({ _id: 1 as never }, { a: 'r'.repeat(15 * MB), b: 'r'.repeat(1.5 * MB) }),
    ).rejects.toMatchObject({ code: 10334 });
    await expect(
      docs.updateOne(
        { _id: 2 as never },
        { $set: { a: 'u'.repeat(9 * MB), b: 'u'.repeat(7.5 * MB) } },
        { upsert: true },
      ),
    ).rejects.toMatchObject({ code: 10334 });
    const stored = await docs.find({}).toArray();
    expect(stored).toHaveLength(1);
    expect(Object.keys(stored[0]!)).toEqual(['_id', 'a']);
    expect(stored[0]!['a']).toHaveLength(15 * MB);
  });

  it('leaves documents and indexes as they were when an update fails on a unique index', async () => {
    const { db } = await start();
    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertMany([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'b@x' },
    ] as never[]);
    await expect(users.updateOne({ _id: 2 as never }, { $set: { email: 'a@x', name: 'B' } })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(users.findOneAndReplace({ _id: 1 as never }, { email: 'b@x' })).rejects.toMatchObject({ code: 11000 });
    expect(await users.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'b@x' },
    ]);
    // The index still holds exactly the old keys.
    expect(await users.findOne({ email: 'b@x' })).toEqual({ _id: 2, email: 'b@x' });
    await expect(users.insertOne({ email: 'b@x' })).rejects.toMatchObject({ code: 11000 });
    await users.insertOne({ _id: 3 as never, email: 'c@x' });
  });
});
