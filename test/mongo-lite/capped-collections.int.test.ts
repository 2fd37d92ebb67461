import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type ChangeStreamDocument, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongoLite, type StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';

describe('embedded MongoDB: capped collections', () => {
  let dir: string;
  let engine: StartedMongoLite;
  let client: MongoClient;
  let db: Db;
  const start = async () => {
    engine = await startMongoLite({ port: 0, dbPath: dir });
    client = await new MongoClient(engine.uri).connect();
    db = client.db('lab');
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rtlab-capped-'));
    await start();
  });
  afterAll(async () => {
    await client?.close();
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const ids = async (name: string, natural: 1 | -1 = 1) =>
    (await db.collection(name).find().sort({ $natural: natural }).toArray()).map((doc) => doc['_id']);

  it('keeps at most max documents: the oldest go first, as change-stream deletes; options, stats and natural order as mongod shows them', async () => {
    const ring = await db.createCollection<{ _id: number }>('ring', { capped: true, size: 1000, max: 3 });
    expect(await ring.isCapped()).toBe(true);
    expect(await ring.options()).toEqual({ capped: true, size: 1024, max: 3 });
    const stream = ring.watch([], { maxAwaitTimeMS: 50 });
    await stream.tryNext(); // open before the inserts
    for (const _id of [1, 2, 3]) await ring.insertOne({ _id });
    await ring.insertMany([{ _id: 4 }, { _id: 5 }]);
    expect(await ids('ring')).toEqual([3, 4, 5]);
    expect(await ids('ring', -1)).toEqual([5, 4, 3]);
    expect(await ring.countDocuments()).toBe(3);
    const events: Array<[string, unknown]> = [];
    while (events.length < 7) {
      const event = (await stream.next()) as ChangeStreamDocument & { documentKey: { _id: unknown } };
      events.push([event.operationType, event.documentKey._id]);
    }
    expect(events).toEqual([
      ['insert', 1],
      ['insert', 2],
      ['insert', 3],
      ['insert', 4],
      ['delete', 1],
      ['insert', 5],
      ['delete', 2],
    ]);
    await stream.close();
    expect(await db.command({ collStats: 'ring' })).toMatchObject({ capped: true, max: 3, maxSize: 1024, count: 3 });
  });

  it('keeps at most size bytes of documents, even across a restart; deletes are allowed, as since MongoDB 5.0', async () => {
    const log = await db.createCollection<{ _id: number; pad: string }>('log', { capped: true, size: 1024 });
    const pad = 'x'.repeat(300);
    for (let _id = 1; _id <= 5; _id++) await log.insertOne({ _id, pad });
    expect(await ids('log')).toEqual([3, 4, 5]);
    const stats = await db.command({ collStats: 'log' });
    expect(stats['size']).toBeLessThanOrEqual(1024);
    expect(await log.deleteOne({ _id: 4 })).toMatchObject({ deletedCount: 1 });

    await client.close();
    await engine.stop();
    await start();
    const again = db.collection<{ _id: number; pad: string }>('log');
    expect(await again.options()).toEqual({ capped: true, size: 1024 });
    for (let _id = 6; _id <= 7; _id++) await again.insertOne({ _id, pad });
    expect(await ids('log')).toEqual([5, 6, 7]);
  });

  it('refuses a capped collection without a size, a max of 2^31 or more, and a TTL index on it', async () => {
    await expect(db.createCollection('nosize', { capped: true })).rejects.toMatchObject({ code: 72 });
    await expect(db.createCollection('huge', { capped: true, size: 4096, max: 2 ** 31 })).rejects.toMatchObject({
      code: 2,
    });
    await expect(db.collection('ring').createIndex({ at: 1 }, { expireAfterSeconds: 60 })).rejects.toMatchObject({
      code: 67,
    });
  });
});
