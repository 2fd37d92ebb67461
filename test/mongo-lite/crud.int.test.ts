import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

describe('embedded MongoDB: CRUD through the official driver', () => {
  const start = useMongoLite();

  it('finds with filter, projection, sort, skip and limit', async () => {
    const { db } = await start();
    const orders = db.collection('orders');
    await orders.insertMany([
      { n: 1, status: 'paid', total: 30, items: [{ sku: 'a' }, { sku: 'b' }] },
      { n: 2, status: 'new', total: 10, items: [] },
      { n: 3, status: 'paid', total: 20, items: [{ sku: 'c' }] },
      { n: 4, status: 'shipped', total: 40, items: [] },
    ]);
    const paid = await orders
      .find({ status: 'paid' }, { projection: { _id: 0, n: 1, total: 1 }, sort: { total: 1 } })
      .toArray();
    expect(paid).toEqual([
      { n: 3, total: 20 },
      { n: 1, total: 30 },
    ]);
    const page = await orders
      .find({}, { sort: { n: -1 }, skip: 1, limit: 2, projection: { items: 0, _id: 0, status: 0 } })
      .toArray();
    expect(page).toEqual([
      { n: 3, total: 20 },
      { n: 2, total: 10 },
    ]);
    expect(await orders.findOne({ 'items.sku': 'b' }, { projection: { n: 1, _id: 0 } })).toEqual({ n: 1 });
    expect(await orders.find({ $or: [{ total: { $gt: 35 } }, { status: 'new' }] }).count()).toBe(2);
    expect(await orders.findOne({ n: 1 }, { projection: { items: { $slice: 1 }, _id: 0, n: 1 } })).toEqual({
      n: 1,
      items: [{ sku: 'a' }],
    });
  });

  it('serves 1,000 documents through getMore batches', async () => {
    const { db } = await start();
    const docs = db.collection('docs');
    await docs.insertMany(Array.from({ length: 1000 }, (_, i) => ({ i })));
    const seen: number[] = [];
    for await (const doc of docs.find({}, { batchSize: 64, sort: { i: 1 } })) seen.push(doc['i'] as number);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const single = await docs.find({}).batchSize(10).limit(-5).toArray();
    expect(single).toHaveLength(5);
  });

  it('keeps BSON types as stored and sorts across types in BSON order', async () => {
    const { db } = await start();
    const values = db.collection('values');
    const id = new ObjectId();
    await values.insertOne({
      _id: id,
      i32: new Int32(7),
      i64: Long.fromString('9007199254740993'),
      dbl: new Double(2),
      dec: Decimal128.fromString('1.10'),
      when: new Date(0),
      bin: new Binary(Buffer.from([1, 2, 3])),
    });
    const raw = await values.findOne({ _id: id }, { promoteValues: false, promoteLongs: false });
    expect(raw?.['i32']).toBeInstanceOf(Int32);
    expect(raw?.['i64']).toEqual(Long.fromString('9007199254740993'));
    expect(raw?.['dbl']).toBeInstanceOf(Double);
    expect(String(raw?.['dec'])).toBe('1.10');
    expect(raw?.['when']).toEqual(new Date(0));
    expect(Buffer.from((raw?.['bin'] as Binary).buffer)).toEqual(Buffer.from([1, 2, 3]));

    const mixed = db.collection('mixed');
    await mixed.insertMany([
      { v: 'text' },
      { v: true },
      { v: 5 },
      { v: null },
      { v: new Date(1) },
      { v: { a: 1 } },
      { v: new ObjectId() },
      { v: 2.5 },
    ]);
    const order = (await mixed.find({}, { sort: { v: 1 }, projection: { _id: 0 } }).toArray()).map((doc) =>
      doc['v'] === null
        ? 'null'
        : doc['v'] instanceof Date
          ? 'date'
          : doc['v'] instanceof ObjectId
            ? 'oid'
            : typeof doc['v'] === 'object'
              ? 'object'
              : typeof doc['v'],
    );
    expect(order).toEqual(['null', 'number', 'number', 'string', 'object', 'oid', 'boolean', 'date']);
  });

  it('updates with operators, arrayFilters, replacement and multi', async () => {
    const { db } = await start();
    const orders = db.collection('orders');
    await orders.insertOne({
      _id: 1 as never,
      count: new Int32(1),
      tags: ['a'],
      items: [
        { sku: 'x', qty: 1 },
        { sku: 'y', qty: 5 },
      ],
    });
    const result = await orders.updateOne(
      { _id: 1 as never },
      {
        $inc: { count: 2 },
        $push: { tags: { $each: ['b', 'c'], $slice: -2 } } as never,
        $set: { 'meta.source': 'grpc' },
        $currentDate: { updatedAt: true },
      },
    );
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    await orders.updateOne(
      { _id: 1 as never },
      { $set: { 'items.$[big].flag': true } },
      { arrayFilters: [{ 'big.qty': { $gte: 3 } }] },
    );
    await orders.updateOne({ _id: 1 as never, 'items.sku': 'x' }, { $inc: { 'items.$.qty': 10 } });
    const doc = await orders.findOne({ _id: 1 as never });
    expect(doc).toMatchObject({
      count: 3,
      tags: ['b', 'c'],
      meta: { source: 'grpc' },
      items: [
        { sku: 'x', qty: 11 },
        { sku: 'y', qty: 5, flag: true },
      ],
    });
    expect(doc?.['updatedAt']).toBeInstanceOf(Date);

    const noop = await orders.updateOne({ _id: 1 as never }, { $set: { count: 3 } });
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });

    await orders.replaceOne({ _id: 1 as never }, { replaced: true });
    expect(await orders.findOne({ _id: 1 as never })).toEqual({ _id: 1, replaced: true });

    await orders.insertMany([{ s: 'new' }, { s: 'new' }, { s: 'old' }]);
    expect(await orders.updateMany({ s: 'new' }, { $set: { s: 'seen' } })).toMatchObject({
      matchedCount: 2,
      modifiedCount: 2,
    });
    await expect(orders.updateOne({ _id: 1 as never }, { $set: { _id: 2 } })).rejects.toMatchObject({ code: 66 });
    await expect(orders.updateOne({ s: 'old' }, { $inc: { s: 1 } })).rejects.toMatchObject({ code: 14 });
    await expect(orders.updateOne({ s: 'old' }, { $set: { a: 1 }, $inc: { a: 1 } })).rejects.toMatchObject({
      code: 40,
    });
  });

  it('upserts with $setOnInsert only when inserting', async () => {
    const { db } = await start();
    const orders = db.collection('orders');
    const first = await orders.updateOne(
      { orderId: 'o1' },
      { $set: { status: 'created' }, $setOnInsert: { createdBy: 'webhook' } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    await orders.updateOne(
      { orderId: 'o1' },
      { $set: { status: 'paid' }, $setOnInsert: { createdBy: 'grpc' } },
      { upsert: true },
    );
    expect(await orders.findOne({ orderId: 'o1' }, { projection: { _id: 0 } })).toEqual({
      orderId: 'o1',
      status: 'paid',
      createdBy: 'webhook',
    });
    expect(await orders.countDocuments()).toBe(1);
  });

  it('deletes, findAndModify in every form, count and distinct', async () => {
    const { db } = await start();
    const jobs = db.collection('jobs');
    await jobs.insertMany([
      { p: 1, state: 'queued' },
      { p: 3, state: 'queued' },
      { p: 2, state: 'done' },
    ]);
    const claimed = await jobs.findOneAndUpdate(
      { state: 'queued' },
      { $set: { state: 'running' } },
      { sort: { p: -1 }, returnDocument: 'after', projection: { _id: 0 } },
    );
    expect(claimed).toEqual({ p: 3, state: 'running' });
    const before = await jobs.findOneAndReplace(
      { p: 1 },
      { p: 1, state: 'replaced' },
      { returnDocument: 'before', projection: { _id: 0 } },
    );
    expect(before).toEqual({ p: 1, state: 'queued' });
    const removed = await jobs.findOneAndDelete({ state: 'done' }, { projection: { _id: 0 } });
    expect(removed).toEqual({ p: 2, state: 'done' });
    expect(await jobs.findOneAndUpdate({ p: 99 }, { $set: { x: 1 } })).toBeNull();
    expect((await jobs.distinct('state')).sort()).toEqual(['replaced', 'running']);
    expect(await jobs.estimatedDocumentCount()).toBe(2);
    expect(await jobs.deleteMany({})).toMatchObject({ deletedCount: 2 });
    expect(await jobs.countDocuments()).toBe(0);
  });

  it('aggregates with $group, $sort and $lookup across collections', async () => {
    const { db } = await start();
    await db.collection('customers').insertMany([
      { _id: 'c1' as never, name: 'Ana' },
      { _id: 'c2' as never, name: 'Beto' },
    ]);
    await db.collection('orders').insertMany([
      { customer: 'c1', total: 10 },
      { customer: 'c1', total: 5 },
      { customer: 'c2', total: 7 },
    ]);
    const report = await db
      .collection('orders')
      .aggregate([
        { $group: { _id: '$customer', spent: { $sum: '$total' } } },
        { $lookup: { from: 'customers', localField: '_id', foreignField: '_id', as: 'customer' } },
        { $project: { _id: 0, name: { $first: '$customer.name' }, spent: 1 } },
        { $sort: { spent: -1 } },
      ])
      .toArray();
    expect(report).toEqual([
      { spent: 15, name: 'Ana' },
      { spent: 7, name: 'Beto' },
    ]);
    await expect(
      db
        .collection('orders')
        .aggregate([{ $nope: {} }])
        .toArray(),
    ).rejects.toMatchObject({ code: 40324 });
  });
});
