import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

describe('embedded MongoDB: collections and unique indexes', () => {
  const start = useMongoLite();

  it('answers 11000 with keyPattern and keyValue from insertOne, insertMany, updateOne and upsert, changing nothing', async () => {
    const { db } = await start();
    const events = db.collection('webhook_events');
    await events.createIndex({ eventId: 1 }, { unique: true });
    await events.insertOne({ eventId: 'evt_1', type: 'order.created' });

    const single = await events.insertOne({ eventId: 'evt_1' }).catch((error: unknown) => error);
    expect(single).toBeInstanceOf(MongoServerError);
    expect(single).toMatchObject({ code: 11000, keyPattern: { eventId: 1 }, keyValue: { eventId: 'evt_1' } });

    const many = await events
      .insertMany([{ eventId: 'evt_2' }, { eventId: 'evt_1' }, { eventId: 'evt_3' }])
      .catch((error: unknown) => error);
    expect(many).toBeInstanceOf(MongoBulkWriteError);
    expect((many as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(await events.countDocuments({ eventId: 'evt_3' })).toBe(0);

    await expect(events.updateOne({ eventId: 'evt_2' }, { $set: { eventId: 'evt_1' } })).rejects.toMatchObject({
      code: 11000,
    });
    await expect(
      events.updateOne({ other: true }, { $set: { eventId: 'evt_1' } }, { upsert: true }),
    ).rejects.toMatchObject({ code: 11000 });
    expect(
      (await events.find({}, { projection: { _id: 0, eventId: 1 } }).toArray()).map((doc) => doc['eventId']).sort(),
    ).toEqual(['evt_1', 'evt_2']);

    const unordered = await events
      .insertMany([{ eventId: 'evt_1' }, { eventId: 'evt_4' }], { ordered: false })
      .catch((error: unknown) => error);
    expect((unordered as MongoBulkWriteError).insertedCount).toBe(1);
    await expect(
      events.insertOne({ _id: (await events.findOne({ eventId: 'evt_4' }))!._id, eventId: 'evt_9' }),
    ).rejects.toMatchObject({ code: 11000, keyPattern: { _id: 1 } });
  });

  it('enforces compound unique indexes and refuses to build one over duplicates', async () => {
    const { db } = await start();
    const seats = db.collection('seats');
    await seats.createIndex({ room: 1, seat: 1 }, { unique: true, name: 'room_seat' });
    await seats.insertMany([
      { room: 'a', seat: 1 },
      { room: 'a', seat: 2 },
      { room: 'b', seat: 1 },
    ]);
    await expect(seats.insertOne({ room: 'a', seat: 2 })).rejects.toMatchObject({
      code: 11000,
      keyValue: { room: 'a', seat: 2 },
    });
    // Two documents without room and seat both have the key (null, null), as in mongod.
    await expect(seats.insertMany([{ row: 1 }, { row: 1 }])).rejects.toMatchObject({
      code: 11000,
      message: expect.stringContaining('dup key: { room: null, seat: null }'),
    });
    const rows = db.collection('rows');
    await rows.insertMany([{ row: 1 }, { row: 1 }]);
    await expect(rows.createIndex({ row: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await rows.listIndexes().toArray()).map((index) => index['name'])).toEqual(['_id_']);
  });

  it('lists, drops and renames collections and indexes', async () => {
    const { db } = await start();
    await db.createCollection('chat_messages');
    await expect(db.createCollection('chat_messages')).rejects.toMatchObject({ code: 48 });
    const chat = db.collection('chat_messages');
    await chat.createIndex({ room: 1, createdAt: -1, _id: -1 });
    await chat.createIndex({ room: 1, createdAt: -1, _id: -1 });
    expect((await chat.listIndexes().toArray()).map((index) => index['name'])).toEqual([
      '_id_',
      'room_1_createdAt_-1__id_-1',
    ]);
    await chat.dropIndex('room_1_createdAt_-1__id_-1');
    await expect(chat.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
    await chat.insertOne({ text: 'hola' });
    await chat.rename('messages');
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toEqual(['messages']);
    expect(await db.collection('messages').countDocuments()).toBe(1);
    expect(await db.collection('messages').drop()).toBe(true);
    expect(await db.listCollections().toArray()).toEqual([]);
  });

  it('finds by an indexed field through the index with the same answers as a scan', async () => {
    const { db } = await start();
    const scannedObjects = async () =>
      Number((await db.admin().command({ serverStatus: 1 }))['metrics'].queryExecutor.scannedObjects);
    const orders = db.collection('orders');
    await orders.insertMany(
      Array.from({ length: 500 }, (_, i) => ({ email: `user${i % 50}@lab.test`, tags: [`t${i % 3}`], i })),
    );
    const before = await scannedObjects();
    const scanned = await orders.find({ email: 'user7@lab.test' }).toArray();
    expect((await scannedObjects()) - before).toBe(500);
    await orders.createIndex({ email: 1 });
    await orders.createIndex({ tags: 1 });
    const scanned0 = await scannedObjects();
    const indexed = await orders.find({ email: 'user7@lab.test' }).toArray();
    // Through the index, only the 10 matching documents are examined (a scan examines 500).
    expect((await scannedObjects()) - scanned0).toBe(10);
    const byId = await orders.findOne({ _id: indexed[0]!._id });
    expect((await scannedObjects()) - scanned0).toBe(11);
    expect(byId?.['i']).toBe(indexed[0]!['i']);
    expect(indexed.map((doc) => doc['i']).sort((a, b) => a - b)).toEqual(
      scanned.map((doc) => doc['i']).sort((a, b) => a - b),
    );
    expect(indexed).toHaveLength(10);
    expect(await orders.countDocuments({ tags: 't1' })).toBe(167);
    expect(await orders.countDocuments({ email: { $in: ['user1@lab.test', 'user2@lab.test'] }, i: { $lt: 100 } })).toBe(
      4,
    );
  });

  it('keeps indexes right through updates that change indexed fields, nested ones or none of them', async () => {
    const { db } = await start();
    const orders = db.collection<{
      _id: number;
      n?: number;
      status?: string;
      customer?: { email?: string; name?: string };
    }>('index_updates');
    await orders.createIndex({ 'customer.email': 1 }, { unique: true });
    await orders.createIndex({ status: 1 });
    await orders.insertMany([
      { _id: 1, customer: { email: 'a@lab.test' }, status: 'new', n: 0 },
      { _id: 2, customer: { email: 'b@lab.test' }, status: 'new', n: 0 },
    ]);
    await orders.updateOne({ _id: 1 }, { $inc: { n: 1 } });
    await orders.updateOne({ _id: 1 }, { $set: { 'customer.email': 'c@lab.test', status: 'paid' } });
    await orders.updateOne({ _id: 2 }, { $set: { 'customer.name': 'Bee' } });
    expect(await orders.find({ 'customer.email': 'a@lab.test' }).toArray()).toEqual([]);
    expect(await orders.findOne({ 'customer.email': 'c@lab.test' })).toMatchObject({ _id: 1, n: 1, status: 'paid' });
    expect(await orders.findOne({ 'customer.email': 'b@lab.test' })).toMatchObject({
      _id: 2,
      customer: { name: 'Bee' },
    });
    expect(await orders.countDocuments({ status: 'new' })).toBe(1);
    await expect(orders.updateOne({ _id: 2 }, { $set: { 'customer.email': 'c@lab.test' } })).rejects.toMatchObject({
      code: 11000,
    });
    // 'a@lab.test' is free again: its holder moved away.
    await orders.insertOne({ _id: 3, customer: { email: 'a@lab.test' }, status: 'new' });
    expect(await orders.countDocuments({ status: 'new' })).toBe(2);
  });
});
