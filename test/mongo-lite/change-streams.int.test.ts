import type { ChangeStreamDocument, Document, ResumeToken } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';

/** Reads the next event, failing the test instead of hanging if none comes. */
async function nextEvent(stream: {
  next(): Promise<ChangeStreamDocument<Document>>;
}): Promise<ChangeStreamDocument<Document>> {
  return Promise.race([
    stream.next(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no change event within 5 s')), 5000)),
  ]);
}

describe('embedded MongoDB: change streams', () => {
  const start = useMongoLite();

  it('reports insert, update (with updateLookup), replace and delete on a collection', async () => {
    const { db } = await start();
    const orders = db.collection('orders');
    const stream = orders.watch([], { fullDocument: 'updateLookup', maxAwaitTimeMS: 100 });
    await stream.tryNext(); // the stream is open once its first (empty) batch is back
    await orders.insertOne({ _id: 'o1' as never, status: 'created', note: 'x' });
    await orders.updateOne({ _id: 'o1' as never }, { $set: { status: 'paid' }, $unset: { note: '' } });
    const insert = await nextEvent(stream);
    expect(insert).toMatchObject({
      operationType: 'insert',
      ns: { db: 'lab', coll: 'orders' },
      documentKey: { _id: 'o1' },
      fullDocument: { _id: 'o1', status: 'created' },
    });
    // updateLookup reads the document when the event is read, as mongod does.
    const update = await nextEvent(stream);
    expect(update).toMatchObject({
      operationType: 'update',
      updateDescription: { updatedFields: { status: 'paid' }, removedFields: ['note'] },
      fullDocument: { _id: 'o1', status: 'paid' },
    });

    await orders.replaceOne({ _id: 'o1' as never }, { status: 'shipped' });
    await orders.deleteOne({ _id: 'o1' as never });
    await db.collection('other').insertOne({ ignored: true });
    expect(await nextEvent(stream)).toMatchObject({
      operationType: 'replace',
      fullDocument: { _id: 'o1', status: 'shipped' },
    });
    expect(await nextEvent(stream)).toMatchObject({ operationType: 'delete', documentKey: { _id: 'o1' } });
    await orders.insertOne({ last: true });
    expect(await nextEvent(stream)).toMatchObject({ operationType: 'insert', fullDocument: { last: true } });
    await stream.close();
  });

  it('watches a database and the whole client, with a $match pipeline', async () => {
    const { client, db } = await start();
    const dbStream = db.watch([{ $match: { operationType: 'insert' } }], { maxAwaitTimeMS: 100 });
    const clusterStream = client.watch([], { maxAwaitTimeMS: 100 });
    await Promise.all([dbStream.tryNext(), clusterStream.tryNext()]);
    await db.collection('a').insertOne({ x: 1 });
    await db.collection('a').deleteMany({});
    await client.db('elsewhere').collection('b').insertOne({ y: 2 });
    expect(await nextEvent(dbStream)).toMatchObject({ operationType: 'insert', ns: { db: 'lab', coll: 'a' } });
    const seen = [await nextEvent(clusterStream), await nextEvent(clusterStream), await nextEvent(clusterStream)].map(
      (event) => `${event.operationType}:${'ns' in event ? event.ns.db : ''}`,
    );
    expect(seen).toEqual(['insert:lab', 'delete:lab', 'insert:elsewhere']);
    await dbStream.close();
    await clusterStream.close();
  });

  it('resumes after a token and from an operation time, without losing or repeating events', async () => {
    const { db } = await start();
    const orders = db.collection('orders');
    const first = orders.watch([], { maxAwaitTimeMS: 100 });
    await first.tryNext();
    await orders.insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const one = await nextEvent(first);
    const token: ResumeToken = one._id;
    await first.close();

    const resumed = orders.watch([], { resumeAfter: token });
    const rest = [await nextEvent(resumed), await nextEvent(resumed)].map(
      (event) => (event as unknown as { fullDocument: { n: number } }).fullDocument.n,
    );
    expect(rest).toEqual([2, 3]);
    await resumed.close();

    // startAtOperationTime includes the operation at that time (here the insert of n: 3), as in mongod.
    const reply = await db.command({ ping: 1 });
    const fromTime = orders.watch([], { startAtOperationTime: reply['operationTime'] });
    await orders.insertOne({ n: 4 });
    const fromThere = [await nextEvent(fromTime), await nextEvent(fromTime)].map(
      (event) => (event as unknown as { fullDocument: { n: number } }).fullDocument.n,
    );
    expect(fromThere).toEqual([3, 4]);
    await fromTime.close();
  });

  it('refuses a token that left the retained history with code 286', async () => {
    const { db } = await start({ changeHistorySize: 5 });
    const orders = db.collection('orders');
    const stream = orders.watch([], { maxAwaitTimeMS: 100 });
    await stream.tryNext();
    await orders.insertOne({ n: 0 });
    const token = (await nextEvent(stream))._id;
    await stream.close();
    await orders.insertMany(Array.from({ length: 10 }, (_, n) => ({ n: n + 1 })));
    const late = orders.watch([], { resumeAfter: token });
    await expect(late.next()).rejects.toMatchObject({ code: 286 });
    await late.close();
  });
});
