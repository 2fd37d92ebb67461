import { Double, Long, type Document, type Filter } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useLiteLabDb } from './lite-lab-db.js';

/**
 * A query with equality on the leading fields of a compound index reads that index, as mongod's
 * planner would: the same answers as a scan, without examining the rest of the collection.
 */
describe('embedded MongoDB: compound indexes answer queries', () => {
  const { start, scannedObjects } = useLiteLabDb();

  const t = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  const statuses: unknown[] = ['pending', 'sent', 'refused', null, undefined, ['pending', 'x'], [], 5, 'x'];
  const documents: Document[] = Array.from({ length: 400 }, (_, i) => {
    const document: Document = { _id: i };
    const status = statuses[i % statuses.length];
    if (status !== undefined) document['status'] = status;
    if (i % 7 !== 0) document['createdAt'] = i % 11 === 0 ? null : t(i % 60);
    if (i % 5 !== 0) document['meta'] = i % 2 === 0 ? { kind: `k${i % 3}` } : [{ kind: 'k1' }, { kind: `k${i % 4}` }];
    return document;
  });
  // Numbers of every type are one key, as in mongod.
  documents.push({ _id: 'long', status: Long.fromNumber(5), createdAt: t(3) });
  documents.push({ _id: 'double', status: new Double(5), createdAt: t(3) });

  const filters: Array<Filter<Document>> = [
    { status: 'pending' },
    { status: 'pending', createdAt: { $lt: t(30) } },
    { status: 'pending', createdAt: t(12) },
    { status: 'pending', createdAt: null },
    { status: 'pending', createdAt: { $exists: false } },
    { status: { $in: ['pending', 'sent'] }, createdAt: { $gte: t(40) } },
    { status: { $in: ['pending', null] }, createdAt: { $in: [t(1), t(2), null] } },
    { status: { $in: [] } },
    { status: null },
    { status: null, createdAt: null },
    { status: { $eq: 'sent' }, createdAt: { $gt: t(10), $lte: t(50) } },
    { status: 5 },
    { status: 5, createdAt: t(3) },
    { status: 'x' },
    { status: ['pending', 'x'] },
    { status: [] },
    { status: { $ne: 'pending' }, createdAt: t(5) },
    { status: 'pending', 'meta.kind': 'k1' },
    { status: { $in: ['sent', 'refused'] }, 'meta.kind': { $in: ['k0', 'k2'] } },
    { status: 'sent', 'meta.kind': null },
    { 'meta.kind': 'k1' },
    { createdAt: t(3) },
    { status: 'pending', $or: [{ createdAt: null }, { createdAt: { $gt: t(50) } }] },
    { $and: [{ status: 'sent' }, { createdAt: { $lt: t(20) } }] },
  ];

  it('gives the same documents with and without the index, for every filter shape', async () => {
    const db = await start();
    const plain = db.collection('plain');
    const indexed = db.collection('indexed');
    await plain.insertMany(documents.map((document) => ({ ...document })));
    await indexed.insertMany(documents.map((document) => ({ ...document })));
    await indexed.createIndex({ status: 1, createdAt: 1, _id: 1 });
    await indexed.createIndex({ status: 1, 'meta.kind': -1 });

    for (const filter of filters) {
      const expected = await plain.find(filter).sort({ _id: 1 }).toArray();
      expect(await indexed.find(filter).sort({ _id: 1 }).toArray(), JSON.stringify(filter)).toEqual(expected);
      const oldestFirst = { sort: { createdAt: 1, _id: 1 } as const, limit: 5 };
      expect(await indexed.find(filter, oldestFirst).toArray(), JSON.stringify(filter)).toEqual(
        await plain.find(filter, oldestFirst).toArray(),
      );
      expect(await indexed.countDocuments(filter)).toBe(expected.length);
    }
    // Writes select through the index too, and keep it in step.
    await indexed.updateMany({ status: 'pending', createdAt: { $lt: t(30) } }, { $set: { status: 'sent' } });
    await plain.updateMany({ status: 'pending', createdAt: { $lt: t(30) } }, { $set: { status: 'sent' } });
    await indexed.deleteMany({ status: 'refused', createdAt: null });
    await plain.deleteMany({ status: 'refused', createdAt: null });
    for (const filter of filters)
      expect(await indexed.find(filter).sort({ _id: 1 }).toArray(), JSON.stringify(filter)).toEqual(
        await plain.find(filter).sort({ _id: 1 }).toArray(),
      );
  });

  it("reads only the pending entries for the outbox relay's query, however long the history", async () => {
    const db = await start();
    const outbox = db.collection('outbox');
    await outbox.createIndex({ status: 1, createdAt: 1, _id: 1 });
    await outbox.insertMany(
      Array.from({ length: 2000 }, (_, i) => ({
        key: `e${i}`,
        status: i < 1990 ? 'sent' : 'pending',
        createdAt: t(i % 60),
      })),
    );
    const pendingRead = () =>
      outbox
        .find({ status: 'pending', createdAt: { $lt: t(59) } }, { sort: { createdAt: 1, _id: 1 }, limit: 100 })
        .toArray();

    const before = await scannedObjects(db);
    const pending = await pendingRead();
    // The 10 pending entries are examined, not the 2,000 of the collection.
    expect((await scannedObjects(db)) - before).toBe(10);
    expect(pending.map((entry) => entry['key']).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `e${1990 + i}`)
        .filter((key) => Number(key.slice(1)) % 60 < 59)
        .sort(),
    );

    await outbox.dropIndexes();
    const scanStart = await scannedObjects(db);
    expect(await pendingRead()).toEqual(pending);
    expect((await scannedObjects(db)) - scanStart).toBe(2000);
  });
});
