import type { ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { killHard, serveInChild } from './serve-in-child.js';

describe('embedded MongoDB: persistence', () => {
  const tempDir = useTempDir();
  const clients: MongoClient[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  const connect = async (uri: string) => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
    clients.push(client);
    await client.connect();
    return client;
  };

  it('keeps every write acknowledged with j:true across a SIGKILL of the server process', async () => {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'data');
    const first = await serveInChild(cwd, dbPath);
    children.push(first.child);
    const client = await connect(first.uri);
    const orders = client.db('lab').collection('orders');
    await orders.createIndex({ orderId: 1 }, { unique: true });
    for (let i = 0; i < 50; i++) await orders.insertOne({ orderId: `o${i}`, total: i }, { writeConcern: { j: true } });
    await orders.updateOne({ orderId: 'o7' }, { $set: { status: 'paid' } }, { writeConcern: { j: true } });
    await orders.deleteOne({ orderId: 'o8' }, { writeConcern: { j: true } });
    await killHard(first.child);
    await client.close();

    const second = await serveInChild(cwd, dbPath);
    children.push(second.child);
    const again = (await connect(second.uri)).db('lab').collection('orders');
    expect(await again.countDocuments()).toBe(49);
    expect(await again.findOne({ orderId: 'o7' }, { projection: { _id: 0 } })).toEqual({
      orderId: 'o7',
      total: 7,
      status: 'paid',
    });
    expect(await again.findOne({ orderId: 'o8' })).toBeNull();
    await expect(again.insertOne({ orderId: 'o1' })).rejects.toMatchObject({ code: 11000 });
  });

  it('keeps every insert acknowledged to a client (j:true or w:1) across kill -9 of rtlab mongo serve mid-burst, three times over', async () => {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'data');
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      const served = await serveInChild(cwd, dbPath);
      children.push(served.child);
      expect(served.stderr()).not.toMatch(/Repaired|damaged/);
      // No retries: an insert cut by the kill fails at once instead of waiting for a new server.
      const orders = (await connect(`${served.uri}&retryWrites=false`))
        .db('lab')
        .collection<{ _id: string; pad: string }>('orders');
      let reached = () => undefined as void;
      const enough = new Promise<void>((resolve) => (reached = resolve));
      const target = acknowledged.length + 300;
      const writer = async (w: number) => {
        for (let i = 0; ; i++) {
          const _id = `r${round}-w${w}-${i}`;
          const writeConcern = i % 2 === 0 ? { j: true } : { w: 1 };
          try {
            await orders.insertOne({ _id, pad: 'x'.repeat((i % 5) * 400) }, { writeConcern });
          } catch {
            return;
          }
          acknowledged.push(_id);
          if (acknowledged.length === target) reached();
        }
      };
      const writers = Array.from({ length: 8 }, (_, w) => writer(w));
      // Killed while the eight writers still have inserts in flight.
      await enough;
      await killHard(served.child);
      await Promise.all(writers);
    }

    const last = await serveInChild(cwd, dbPath);
    children.push(last.child);
    const orders = (await connect(last.uri)).db('lab').collection<{ _id: string }>('orders');
    const stored = new Set((await orders.find({}, { projection: { _id: 1 } }).toArray()).map((order) => order._id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(900);
  }, 120_000);

  it('loads the valid prefix of a journal whose last record is torn', async () => {
    const dbPath = path.join(tempDir(), 'data');
    const server = await startMongoLite({ port: 0, dbPath });
    const client = await connect(server.uri);
    await client
      .db('lab')
      .collection('c')
      .insertMany([{ n: 1 }, { n: 2 }], { writeConcern: { j: true } });
    await client.close();
    await server.stop();
    const journal = readdirSync(dbPath).find((name) => name.startsWith('journal-'))!;
    const sizeBefore = statSync(path.join(dbPath, journal)).size;
    // A crash mid-append: a record header promising 100 bytes, then only 3 of them.
    appendFileSync(path.join(dbPath, journal), Buffer.from([100, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]));

    const warnings: string[] = [];
    const logger = {
      error: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      warn: (message: string) => void warnings.push(message),
    };
    const restarted = await startMongoLite({ port: 0, dbPath, logger });
    const again = await connect(restarted.uri);
    expect(
      await again
        .db('lab')
        .collection('c')
        .find({}, { projection: { _id: 0 } })
        .toArray(),
    ).toEqual([{ n: 1 }, { n: 2 }]);
    expect(warnings).toEqual(['Journal had a torn last record; kept the valid prefix']);
    expect(statSync(path.join(dbPath, journal)).size).toBe(sizeBefore);
    await again
      .db('lab')
      .collection('c')
      .insertOne({ n: 3 }, { writeConcern: { j: true } });
    await restarted.stop();
  });

  it('compacts the journal into a snapshot and keeps every document, index and rename', async () => {
    const dbPath = path.join(tempDir(), 'data');
    const server = await startMongoLite({ port: 0, dbPath, compactAfterBytes: 20_000 });
    const client = await connect(server.uri);
    const db = client.db('lab');
    await db.collection('events').createIndex({ eventId: 1 }, { unique: true });
    for (let round = 0; round < 5; round++) {
      await db
        .collection('events')
        .insertMany(Array.from({ length: 100 }, (_, i) => ({ eventId: `e${round}-${i}`, payload: 'x'.repeat(50) })));
      await db.collection('events').updateMany({}, { $inc: { seen: 1 } });
    }
    await db.collection('tmp').insertOne({ a: 1 });
    await db.collection('tmp').rename('kept');
    await db.collection('gone').insertOne({ a: 1 });
    await db.collection('gone').drop();
    await db.command({ compact: 'events' });
    await client.close();
    await server.stop();
    const files = readdirSync(dbPath).sort();
    expect(files).toContain('snapshot.bson');
    expect(files.filter((name) => name.startsWith('journal-'))).toHaveLength(1);

    const restarted = await startMongoLite({ port: 0, dbPath });
    const again = (await connect(restarted.uri)).db('lab');
    expect(await again.collection('events').countDocuments({ seen: 5 })).toBe(100);
    expect(await again.collection('events').countDocuments()).toBe(500);
    await expect(again.collection('events').insertOne({ eventId: 'e0-0' })).rejects.toMatchObject({ code: 11000 });
    expect((await again.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual([
      'events',
      'kept',
    ]);
    await restarted.stop();
  });
});
