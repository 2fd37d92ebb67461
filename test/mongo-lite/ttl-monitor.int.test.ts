import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type ChangeStreamDocument, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMongoLite, type StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';

/** The TTL monitor's passes so far (serverStatus metrics.ttl.passes). */
async function ttlPasses(db: Db): Promise<number> {
  return Number((await db.admin().command({ serverStatus: 1 }))['metrics'].ttl.passes);
}

/** Waits until the monitor has made `count` more passes: every document it would delete now is gone. */
async function afterPasses(db: Db, count: number): Promise<void> {
  const target = (await ttlPasses(db)) + count;
  while ((await ttlPasses(db)) < target) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('embedded MongoDB: the TTL monitor', () => {
  let dir: string;
  let engine: StartedMongoLite;
  let client: MongoClient;
  let db: Db;
  const start = async () => {
    // A short pass, as mongod's ttlMonitorSleepSecs allows in tests.
    engine = await startMongoLite({ port: 0, dbPath: dir, ttlMonitorSleepSecs: 0.05 });
    client = await new MongoClient(engine.uri).connect();
    db = client.db('lab');
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rtlab-ttl-'));
    await start();
  });
  afterAll(async () => {
    await client?.close();
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes documents whose date (the earliest one of an array) has expired, journalled and seen by change streams as deletes; no date, no expiry', async () => {
    const sessions = db.collection<{ _id: string; at?: unknown }>('sessions');
    await sessions.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    const stream = sessions.watch([], { maxAwaitTimeMS: 50 });
    await stream.tryNext(); // open before the inserts
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000);
    await sessions.insertMany([
      { _id: 'old', at: hoursAgo(2) },
      { _id: 'fresh', at: hoursAgo(0.5) },
      { _id: 'array-with-an-old-date', at: [hoursAgo(-1), hoursAgo(3)] },
      { _id: 'array-of-fresh-dates', at: [hoursAgo(0.1), hoursAgo(-5)] },
      { _id: 'no-field' },
      { _id: 'not-a-date', at: hoursAgo(5).toISOString() },
      { _id: 'a-number', at: 0 },
    ]);
    const deletes: Array<ChangeStreamDocument> = [];
    while (deletes.length < 2) {
      const event = await stream.next();
      if (event.operationType === 'delete') deletes.push(event);
    }
    expect(deletes.map((event) => 'documentKey' in event && event.documentKey._id).sort()).toEqual([
      'array-with-an-old-date',
      'old',
    ]);
    // Two full passes later, what the monitor keeps is still there.
    await afterPasses(db, 2);
    expect((await sessions.find().toArray()).map((doc) => doc._id).sort()).toEqual([
      'a-number',
      'array-of-fresh-dates',
      'fresh',
      'no-field',
      'not-a-date',
    ]);
    await stream.close();
    const status = await db.admin().command({ serverStatus: 1 });
    expect(Number(status['metrics'].ttl.deletedDocuments)).toBeGreaterThanOrEqual(2);

    // The deletes were journalled: the engine started again on the same data has none of them.
    await client.close();
    await engine.stop();
    await start();
    expect(await db.collection('sessions').countDocuments()).toBe(5);
  });

  it('leaves documents outside a partial TTL index, and compound indexes, alone', async () => {
    const events = db.collection<{ _id: string; at: Date; kind: string }>('events');
    await events.createIndex({ at: 1 }, { expireAfterSeconds: 0, partialFilterExpression: { kind: 'temp' } });
    await events.createIndex({ at: 1, kind: 1 }, { expireAfterSeconds: 0 });
    const past = new Date(Date.now() - 60_000);
    await events.insertMany([
      { _id: 'temp', at: past, kind: 'temp' },
      { _id: 'kept', at: past, kind: 'audit' },
    ]);
    while ((await events.countDocuments({ _id: 'temp' })) > 0) await afterPasses(db, 1);
    await afterPasses(db, 2);
    expect(await events.find().toArray()).toEqual([{ _id: 'kept', at: past, kind: 'audit' }]);
  });

  it('takes ttlMonitorSleepSecs and ttlMonitorEnabled through setParameter, as mongod does', async () => {
    const admin = db.admin();
    expect(await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 })).toMatchObject({
      ttlMonitorSleepSecs: 0.05,
    });
    expect(await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 0.02 })).toMatchObject({ was: 0.05, ok: 1 });
    await expect(admin.command({ setParameter: 1, ttlMonitorSleepSecs: 0 })).rejects.toMatchObject({ code: 2 });
    // Past what a timer waits (Node would fire it every millisecond), or so short passes run back to back.
    for (const seconds of [1e12, 1e-9])
      await expect(admin.command({ setParameter: 1, ttlMonitorSleepSecs: seconds })).rejects.toMatchObject({ code: 2 });
    await expect(admin.command({ setParameter: 1, noSuchParameter: 1 })).rejects.toMatchObject({ code: 72 });
    expect(await admin.command({ setParameter: 1, ttlMonitorEnabled: false })).toMatchObject({ was: true });
    expect(await admin.command({ getParameter: 1, ttlMonitorEnabled: 1 })).toMatchObject({ ttlMonitorEnabled: false });
    await admin.command({ setParameter: 1, ttlMonitorEnabled: true });
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 0.05 });
  });

  it('refuses an expireAfterSeconds out of range', async () => {
    await expect(db.collection('bad').createIndex({ at: 1 }, { expireAfterSeconds: -1 })).rejects.toMatchObject({
      code: 72,
    });
  });
});
