import { BSON, MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMongoLite, type StartedMongoLite } from './lite/server/start-mongo-lite.js';
import {
  BatchedWriteError,
  isRefusedDocument,
  isTransientWriteError,
  WriteBatcher,
  writeBatcherFor,
} from './write-batcher.js';

/** The embedded engine (the tests' MongoDB), one per file; every test gets its own database. */
let server: StartedMongoLite;
let client: MongoClient;
let db: Db;
/** The write commands the driver sent, as `insert lab.events ×3`. */
let sent: string[] = [];
let dbCount = 0;

beforeAll(async () => {
  server = await startMongoLite({ port: 0 });
  client = new MongoClient(server.uri, { monitorCommands: true, serverSelectionTimeoutMS: 3000 });
  client.on('commandStarted', (event: CommandStartedEvent) => {
    const documents = event.command['documents'] ?? event.command['updates'];
    if (Array.isArray(documents))
      sent.push(
        `${event.commandName} ${event.databaseName}.${String(event.command[event.commandName])} ×${documents.length}`,
      );
  });
  await client.connect();
});

afterAll(async () => {
  await client.close();
  await server.stop();
});

beforeEach(() => {
  db = client.db(`batcher_${++dbCount}`);
  sent = [];
});

/** Each promise's outcome, as `ok` or the error it rejected with. */
async function outcomes(promises: ReadonlyArray<Promise<void>>): Promise<unknown[]> {
  return (await Promise.allSettled(promises)).map((result) => (result.status === 'fulfilled' ? 'ok' : result.reason));
}

describe('the write batcher', () => {
  it('sends the writes made in one turn as one bulk write per collection and kind', async () => {
    const batcher = new WriteBatcher(db);
    await Promise.all([
      ...[1, 2, 3, 4, 5].map((n) => batcher.insertOne('events', { n })),
      batcher.insertOne('deliveries', { n: 1 }),
      batcher.insertOne('deliveries', { n: 2 }),
      batcher.updateOne('orders', { orderId: 'ord_1' }, { $set: { status: 'paid' } }, { upsert: true }),
    ]);
    expect(sent.sort()).toEqual([
      `insert ${db.databaseName}.deliveries ×2`,
      `insert ${db.databaseName}.events ×5`,
      `update ${db.databaseName}.orders ×1`,
    ]);
    expect(await db.collection('events').countDocuments()).toBe(5);
    expect(await db.collection('deliveries').countDocuments()).toBe(2);
    expect(await db.collection('orders').findOne({}, { projection: { _id: 0 } })).toEqual({
      orderId: 'ord_1',
      status: 'paid',
    });
  });

  it('starts a new batch for writes made after the previous one was sent', async () => {
    const batcher = new WriteBatcher(db);
    await batcher.insertOne('events', { n: 1 });
    await Promise.all([batcher.insertOne('events', { n: 2 }), batcher.insertOne('events', { n: 3 })]);
    expect(sent).toEqual([`insert ${db.databaseName}.events ×1`, `insert ${db.databaseName}.events ×2`]);
  });

  it('fails only the duplicate in a batch, with the duplicate-key code insertOne would have thrown', async () => {
    await db.collection('events').createIndex({ eventId: 1 }, { unique: true });
    const batcher = new WriteBatcher(db);
    const results = await outcomes(
      ['evt_1', 'evt_2', 'evt_1', 'evt_3'].map((eventId) => batcher.insertOne('events', { eventId })),
    );
    expect(results.filter((result) => result === 'ok')).toHaveLength(3);
    const duplicate = results[2];
    expect(duplicate).toBeInstanceOf(BatchedWriteError);
    expect((duplicate as BatchedWriteError).code).toBe(11000);
    // A duplicate is neither worth retrying nor a document to give up on: the event is already stored.
    expect(isTransientWriteError(duplicate)).toBe(false);
    expect(isRefusedDocument(duplicate)).toBe(false);
    expect(
      (
        await db
          .collection('events')
          .find({}, { projection: { _id: 0 } })
          .toArray()
      )
        .map((event) => event['eventId'])
        .sort(),
    ).toEqual(['evt_1', 'evt_2', 'evt_3']);
  });

  it('refuses a document the driver cannot serialise without failing its neighbours, and stores each neighbour once', async () => {
    const batcher = new WriteBatcher(db);
    const circular: Record<string, unknown> = { eventId: 'evt_bad' };
    circular['self'] = circular;
    const results = await outcomes([
      batcher.insertOne('events', { eventId: 'evt_1' }),
      batcher.insertOne('events', circular),
      batcher.insertOne('events', { eventId: 'evt_2' }),
    ]);
    expect(results[0]).toBe('ok');
    expect(results[2]).toBe('ok');
    expect(BSON.BSONError.isBSONError(results[1])).toBe(true);
    expect(isRefusedDocument(results[1])).toBe(true);
    expect(isTransientWriteError(results[1])).toBe(false);
    expect(
      (
        await db
          .collection('events')
          .find({}, { projection: { _id: 0 } })
          .toArray()
      )
        .map((event) => event['eventId'])
        .sort(),
    ).toEqual(['evt_1', 'evt_2']);
  });

  it('fails only an update it cannot serialise; the inserts batched with it are stored once', async () => {
    const batcher = new WriteBatcher(db);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    // The driver refuses the whole bulk write before sending anything; the batcher then writes
    // each alone.
    const results = await outcomes([
      batcher.insertOne('events', { eventId: 'evt_1' }),
      batcher.updateOne('events', { eventId: 'evt_1' }, { $set: { note: circular } }),
    ]);
    expect(results[0]).toBe('ok');
    expect(isRefusedDocument(results[1])).toBe(true);
    expect(await db.collection('events').countDocuments({ eventId: 'evt_1' })).toBe(1);
  });

  it('applies idempotent upserts once each, and every caller of the batch learns it succeeded', async () => {
    const batcher = new WriteBatcher(db);
    const results = await outcomes([
      batcher.updateOne('orders', { orderId: 'ord_1' }, { $setOnInsert: { status: 'created' } }, { upsert: true }),
      batcher.updateOne('orders', { orderId: 'ord_2' }, { $setOnInsert: { status: 'created' } }, { upsert: true }),
      batcher.updateOne('orders', { orderId: 'ord_missing' }, { $set: { status: 'paid' } }),
    ]);
    expect(results).toEqual(['ok', 'ok', 'ok']);
    expect(
      await db
        .collection('orders')
        .find({}, { projection: { _id: 0 } })
        .sort({ orderId: 1 })
        .toArray(),
    ).toEqual([
      { orderId: 'ord_1', status: 'created' },
      { orderId: 'ord_2', status: 'created' },
    ]);
  });

  it('shares one batcher per database, so that every store batches together', () => {
    expect(writeBatcherFor(db)).toBe(writeBatcherFor(db));
    expect(writeBatcherFor(db)).not.toBe(writeBatcherFor(client.db('another')));
  });
});

describe('the write batcher without MongoDB', () => {
  it('fails every write of the batch with a transient error, for the caller to retry later', async () => {
    const gone = await startMongoLite({ port: 0 });
    const lonely = new MongoClient(gone.uri, { serverSelectionTimeoutMS: 100 });
    try {
      await lonely.connect();
      await gone.stop();
      const batcher = new WriteBatcher(lonely.db('lab'));
      const results = await outcomes([
        batcher.insertOne('events', { n: 1 }),
        batcher.insertOne('events', { n: 2 }),
        batcher.updateOne('orders', { orderId: 'ord_1' }, { $set: { status: 'paid' } }),
      ]);
      expect(results.every((result) => result instanceof Error && isTransientWriteError(result))).toBe(true);
      expect(results.some((result) => isRefusedDocument(result))).toBe(false);
    } finally {
      await lonely.close();
    }
  });
});
