import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type ChangeStreamInsertDocument } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startMongoLite, type StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';

/**
 * A change stream reports every committed change. On a journaling engine a change is published
 * once its journal write is durable; a stream that found nothing to read must not move its resume
 * point past a change still waiting for that write (it skipped 45–135 of 1,600 inserts, and
 * gRPC WatchOrders missed orders without a word).
 */
describe('embedded MongoDB: change streams under concurrent journaled writes', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('report every insert of 8 writers doing j:true bulk writes, none skipped', async () => {
    const dbPath = mkdtempSync(path.join(tmpdir(), 'rtlab-cs-complete-'));
    const engine: StartedMongoLite = await startMongoLite({ port: 0, dbPath });
    const client = new MongoClient(engine.uri);
    cleanups.push(async () => {
      await client.close();
      await engine.stop();
      rmSync(dbPath, { recursive: true, force: true });
    });
    await client.connect();
    const orders = client.db('lab').collection<{ k: string; s?: number }>('orders');
    await orders.insertOne({ k: 'warm-up' });
    const seen = new Set<string>();
    const stream = orders.watch<{ k: string }, ChangeStreamInsertDocument<{ k: string }>>([
      { $match: { operationType: 'insert' } },
    ]);
    stream.on('change', (change) => seen.add(change.fullDocument.k));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the stream's first getMore is waiting

    const keys: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, writer) => {
        for (let round = 0; round < 25; round++) {
          const batch = Array.from({ length: 5 }, (_, at) => ({ k: `${writer}_${round}_${at}` }));
          keys.push(...batch.map((document) => document.k));
          await orders.bulkWrite(
            batch.map((document) => ({ insertOne: { document } })),
            { ordered: false, writeConcern: { j: true } },
          );
          await orders.bulkWrite(
            batch.map(({ k }) => ({ updateOne: { filter: { k }, update: { $set: { s: 1 } } } })),
            { ordered: false, writeConcern: { j: true } },
          );
        }
      }),
    );
    const deadline = Date.now() + 20_000;
    while (seen.size < keys.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await stream.close();
    expect(keys.filter((k) => !seen.has(k))).toEqual([]);
  }, 60_000);
});
