import type { Collection, Document, Filter } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

/**
 * Updates keep an index's entries when they leave its fields alone. An entry kept when the field
 * DID change would hide the document from every query the index answers (an outbox entry still
 * `pending` that the relay's read never finds). So each case compares what an indexed query
 * returns with the documents as they are (read whole, matched here), for every value the field
 * had before or after.
 */
describe('embedded MongoDB: indexes after updates', () => {
  const start = useMongoLite();

  async function idsOf<T extends Document>(collection: Collection<T>, filter: Filter<T>): Promise<unknown[]> {
    return (await collection.find(filter, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id).sort();
  }

  /** The values at a dotted path, arrays expanded (as an index and an equality match see them). */
  function valuesAt(value: unknown, parts: readonly string[]): unknown[] {
    if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, parts));
    if (parts.length === 0) return [value];
    if (value === null || typeof value !== 'object' || value instanceof Date) return [undefined];
    return valuesAt((value as Document)[parts[0]!], parts.slice(1));
  }

  const same = (a: unknown, b: unknown) =>
    (a ?? null) === (b ?? null) || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

  async function expectIndexAgreesWithDocuments<T extends Document>(
    collection: Collection<T>,
    field: string,
    values: unknown[],
  ) {
    const documents = await collection.find({}).toArray();
    for (const value of values) {
      const expected = documents
        .filter((doc) => valuesAt(doc, field.split('.')).some((held) => same(held, value)))
        .map((doc) => doc._id)
        .sort();
      expect({ field, value, ids: await idsOf(collection, { [field]: value } as Filter<T>) }).toEqual({
        field,
        value,
        ids: expected,
      });
    }
  }

  it("finds outbox entries through a status index after updateMany marks some sent (the relay's queries)", async () => {
    const { db } = await start();
    const outbox = db.collection('outbox_index');
    await outbox.createIndex({ key: 1 }, { unique: true });
    await outbox.createIndex({ status: 1 });
    await outbox.createIndex({ sentAt: 1 });
    const createdAt = new Date('2026-01-01T00:00:00Z');
    await outbox.insertMany(
      ['k1', 'k2', 'k3', 'k4'].map((key) => ({ key, update: { orderId: key }, status: 'pending', createdAt })),
    );
    const sentAt = new Date('2026-01-01T00:00:05Z');
    await outbox.updateMany({ key: { $in: ['k1', 'k3'] }, status: 'pending' }, { $set: { status: 'sent', sentAt } });
    await outbox.updateOne({ key: 'k4' }, { $set: { status: 'refused', refusedAt: sentAt } });

    expect((await outbox.find({ status: 'pending' }).toArray()).map((doc) => doc['key'])).toEqual(['k2']);
    expect(await outbox.countDocuments({ status: 'sent' })).toBe(2);
    expect(await outbox.countDocuments({ sentAt })).toBe(2);
    await expectIndexAgreesWithDocuments(outbox, 'status', ['pending', 'sent', 'refused']);
    await expectIndexAgreesWithDocuments(outbox, 'sentAt', [sentAt, null]);
    await expectIndexAgreesWithDocuments(outbox, 'key', ['k1', 'k2', 'k3', 'k4']);
  });

  it('moves index entries for every operator that changes an indexed field, top-level, nested or in an array', async () => {
    const { db } = await start();
    const docs = db.collection<{
      _id: number;
      n?: number;
      at?: Date;
      tags?: string[];
      customer?: { email?: string };
      items?: Array<{ sku: string }>;
      status?: string;
      moved?: string;
    }>('index_operators');
    for (const field of ['n', 'at', 'tags', 'customer.email', 'items.sku', 'moved', 'status'])
      await docs.createIndex({ [field]: 1 });
    const at = new Date('2026-01-01T00:00:00Z');
    await docs.insertMany([
      { _id: 1, n: 1, at, tags: ['a', 'b'], customer: { email: 'a@lab.test' }, items: [{ sku: 's1' }], status: 'new' },
      { _id: 2, n: 2, at, tags: ['b'], customer: { email: 'b@lab.test' }, items: [{ sku: 's2' }], status: 'new' },
    ]);
    await docs.updateOne(
      { _id: 1 },
      { $inc: { n: 10 }, $push: { tags: 'c' }, $set: { 'customer.email': 'c@lab.test' } },
    );
    await docs.updateOne({ _id: 2 }, { $mul: { n: 3 }, $pull: { tags: 'b' }, $currentDate: { at: true } });
    await docs.updateOne({ _id: 1, 'items.sku': 's1' }, { $set: { 'items.$.sku': 's9' } });
    await docs.updateOne({ _id: 2 }, { $set: { 'items.$[i].sku': 's8' } }, { arrayFilters: [{ 'i.sku': 's2' }] });
    await docs.updateOne({ _id: 1 }, { $rename: { status: 'moved' }, $addToSet: { tags: 'd' } });
    await docs.updateOne({ _id: 2 }, { $unset: { 'customer.email': '' }, $max: { n: 100 }, $pop: { tags: 1 } });
    await docs.replaceOne({ _id: 1 }, { n: 11, at, tags: ['z'], customer: { email: 'c@lab.test' }, items: [] });
    await docs.updateOne({ _id: 3 }, { $set: { n: 5, status: 'new' } }, { upsert: true });
    await docs.updateOne({ _id: 3 }, { $min: { n: 4 }, $set: { status: 'new' } });

    expect(await idsOf(docs, { n: 100 })).toEqual([2]);
    expect(await idsOf(docs, { tags: 'z' })).toEqual([1]);
    expect(await idsOf(docs, { status: 'new' })).toEqual([2, 3]);
    await expectIndexAgreesWithDocuments(docs, 'n', [1, 2, 4, 5, 6, 11, 100, null]);
    await expectIndexAgreesWithDocuments(docs, 'at', [at, null]);
    await expectIndexAgreesWithDocuments(docs, 'tags', ['a', 'b', 'c', 'd', 'z', null]);
    await expectIndexAgreesWithDocuments(docs, 'customer.email', ['a@lab.test', 'b@lab.test', 'c@lab.test', null]);
    await expectIndexAgreesWithDocuments(docs, 'items.sku', ['s1', 's2', 's8', 's9', null]);
    await expectIndexAgreesWithDocuments(docs, 'moved', ['new', null]);
    await expectIndexAgreesWithDocuments(docs, 'status', ['new', null]);
  });
});
