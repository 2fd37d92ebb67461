import path from 'node:path';
import { BSON, MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startMongoLite, type StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { startDropReplyProxy, type DropReplyProxy } from './drop-reply-proxy.js';
import { killHard, useChildEngines } from './serve-in-child.js';
import { openWireClient } from './wire-client.js';

/**
 * The driver retries a write once when its reply never came (retryWrites, on by default against
 * a replica set): the engine must answer the retry with the first attempt's outcome instead of
 * applying the write twice.
 */
describe('embedded MongoDB: retryable writes are applied exactly once', () => {
  const tempDir = useTempDir();
  const engines = useChildEngines();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const startEngine = async (): Promise<StartedMongoLite> => {
    const engine = await startMongoLite({ port: 0 });
    cleanups.push(() => engine.stop());
    return engine;
  };
  const startProxy = async (port: number): Promise<DropReplyProxy> => {
    const proxy = await startDropReplyProxy(port);
    cleanups.push(() => proxy.close());
    return proxy;
  };
  const connectThrough = async (proxy: DropReplyProxy): Promise<MongoClient> => {
    const client = new MongoClient(`mongodb://127.0.0.1:${proxy.port}/?directConnection=true`, {
      serverSelectionTimeoutMS: 15_000,
    });
    cleanups.push(() => client.close());
    await client.connect();
    return client;
  };
  /** The write was sent twice with one txnNumber: the first reply was lost and the driver retried. */
  const expectRetried = (proxy: DropReplyProxy, command: string) => {
    const sent = proxy.commands.filter((sentCommand) => sentCommand.name === command);
    expect(sent).toHaveLength(2);
    expect(sent[0]!.txnNumber).toBeDefined();
    expect(sent[1]!.txnNumber).toBe(sent[0]!.txnNumber);
  };

  it('answers a retried insertMany of 500 documents with success, and stores each document once', async () => {
    const proxy = await startProxy((await startEngine()).port);
    const client = await connectThrough(proxy);
    const events = client.db('lab').collection<{ _id: string; index: number }>('events');
    const documents = Array.from({ length: 500 }, (_, index) => ({ _id: `e${index}`, index }));

    proxy.dropNextReply('insert');
    const result = await events.insertMany(documents);

    await proxy.dropped();
    expectRetried(proxy, 'insert');
    expect(result.insertedCount).toBe(500);
    expect(await events.countDocuments()).toBe(500);
  });

  it('answers retried updates with the first counts and the upserted id, applying $inc once', async () => {
    const proxy = await startProxy((await startEngine()).port);
    const client = await connectThrough(proxy);
    const counters = client.db('lab').collection<{ _id: string; value: number }>('counters');
    await counters.insertMany([
      { _id: 'a', value: 0 },
      { _id: 'b', value: 0 },
    ]);

    // updateMany is never retried (the retryable-writes specification); single-document
    // statements are, and a bulk of them is one command with one txnNumber.
    proxy.dropNextReply('update');
    const bulk = await counters.bulkWrite([
      { updateOne: { filter: { _id: 'a' }, update: { $inc: { value: 1 } } } },
      { updateOne: { filter: { _id: 'b' }, update: { $inc: { value: 1 } } } },
      { updateOne: { filter: { _id: 'none' }, update: { $inc: { value: 1 } } } },
    ]);
    expect(bulk.matchedCount).toBe(2);
    expect(bulk.modifiedCount).toBe(2);
    expectRetried(proxy, 'update');

    proxy.dropNextReply('update');
    const upserted = await counters.updateOne({ _id: 'c' }, { $inc: { value: 5 } }, { upsert: true });
    expect(upserted.upsertedId).toBe('c');
    expect(upserted.upsertedCount).toBe(1);

    expect(await counters.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'a', value: 1 },
      { _id: 'b', value: 1 },
      { _id: 'c', value: 5 },
    ]);
  });

  it('answers retried deletes with the number the first attempt deleted', async () => {
    const proxy = await startProxy((await startEngine()).port);
    const client = await connectThrough(proxy);
    const outbox = client.db('lab').collection('outbox');
    await outbox.insertMany(Array.from({ length: 30 }, (_, index) => ({ index, sent: index < 20 })));

    // Each deleteOne takes the first match left: run twice, each would delete another document.
    proxy.dropNextReply('delete');
    const result = await outbox.bulkWrite(Array.from({ length: 5 }, () => ({ deleteOne: { filter: { sent: true } } })));

    expectRetried(proxy, 'delete');
    expect(result.deletedCount).toBe(5);
    expect(await outbox.countDocuments({ sent: true })).toBe(15);
  });

  it('answers a retried findOneAndUpdate with the first pre-image, projected, and applies it once', async () => {
    const proxy = await startProxy((await startEngine()).port);
    const client = await connectThrough(proxy);
    const seqs = client.db('lab').collection<{ _id: string; seq: number; note?: string }>('seqs');
    await seqs.insertOne({ _id: 'feed', seq: 41, note: 'kept out by the projection' });

    proxy.dropNextReply('findAndModify');
    const before = await seqs.findOneAndUpdate(
      { _id: 'feed' },
      { $inc: { seq: 1 } },
      { returnDocument: 'before', projection: { seq: 1 } },
    );

    expectRetried(proxy, 'findAndModify');
    expect(before).toEqual({ _id: 'feed', seq: 41 });
    expect(await seqs.findOne({ _id: 'feed' })).toEqual({ _id: 'feed', seq: 42, note: 'kept out by the projection' });
  });

  it('answers a retry after a kill -9 and restart of the journalling engine from the journal', async () => {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'data');
    let served = await engines.serve(cwd, dbPath);
    const proxy = await startProxy(Number(new URL(served.uri).port));
    const client = await connectThrough(proxy);
    const events = client.db('lab').collection<{ _id: number }>('events');

    proxy.dropNextReply('insert', async () => {
      await killHard(served.child);
      served = await engines.serve(cwd, dbPath);
      proxy.upstreamPort = Number(new URL(served.uri).port);
    });
    const result = await events.insertMany(Array.from({ length: 200 }, (_, index) => ({ _id: index })));

    await proxy.dropped();
    expectRetried(proxy, 'insert');
    expect(result.insertedCount).toBe(200);
    expect(await events.countDocuments()).toBe(200);
  });

  it('answers a retried bulk of updates after a restart with the counts read back from the journal', async () => {
    const dbPath = path.join(tempDir(), 'data');
    let engine = await startMongoLite({ port: 0, dbPath });
    cleanups.push(() => engine.stop());
    const proxy = await startProxy(engine.port);
    const client = await connectThrough(proxy);
    const counters = client.db('lab').collection<{ _id: number; value: number }>('counters');
    await counters.insertMany(Array.from({ length: 300 }, (_, index) => ({ _id: index, value: 0 })));

    proxy.dropNextReply('update', async () => {
      await engine.stop();
      engine = await startMongoLite({ port: 0, dbPath });
      proxy.upstreamPort = engine.port;
    });
    const result = await counters.bulkWrite(
      Array.from({ length: 300 }, (_, index) => ({
        updateOne: { filter: { _id: index }, update: { $inc: { value: 1 } } },
      })),
      { ordered: false },
    );

    await proxy.dropped();
    expectRetried(proxy, 'update');
    expect(result.matchedCount).toBe(300);
    expect(result.modifiedCount).toBe(300);
    expect(await counters.countDocuments({ value: 1 })).toBe(300);
  });

  it('refuses an older txnNumber than the session last used with TransactionTooOld', async () => {
    const engine = await startEngine();
    const wire = await openWireClient(engine.port);
    cleanups.push(async () => wire.close());
    const lsid = { id: new BSON.UUID() };
    const insert = (txnNumber: number, _id: string) =>
      wire.command(
        BSON.serialize({
          insert: 'c',
          documents: [{ _id }],
          lsid,
          txnNumber: BSON.Long.fromNumber(txnNumber),
          $db: 'lab',
        }),
      );

    expect(await insert(5, 'x')).toMatchObject({ ok: 1, n: 1 });
    expect(await insert(5, 'x')).toMatchObject({ ok: 1, n: 1 });
    expect(await insert(5, 'x')).not.toHaveProperty('writeErrors');
    expect(await insert(4, 'y')).toMatchObject({ ok: 0, code: 225, codeName: 'TransactionTooOld' });
    expect(await insert(6, 'x')).toMatchObject({ ok: 1, n: 0, writeErrors: [{ code: 11000 }] });

    const client = new MongoClient(engine.uri);
    cleanups.push(() => client.close());
    expect(await client.db('lab').collection('c').find().toArray()).toEqual([{ _id: 'x' }]);
  });
});
