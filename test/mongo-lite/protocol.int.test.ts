import net from 'node:net';
import { BSON } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { opMsg } from './wire-client.js';

/** An OP_MSG whose documents travel in a kind-1 document sequence, as drivers send bulk writes. */
function opMsgWithSequence(body: object, identifier: string, documents: object[], requestId: number): Buffer {
  const bodyBytes = Buffer.from(BSON.serialize(body));
  const docs = Buffer.concat(documents.map((doc) => Buffer.from(BSON.serialize(doc))));
  const name = Buffer.from(`${identifier}\0`);
  const sectionSize = 4 + name.length + docs.length;
  const length = 16 + 4 + 1 + bodyBytes.length + 1 + sectionSize;
  const message = Buffer.alloc(length);
  message.writeInt32LE(length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(2013, 12);
  let offset = 20;
  message.writeUInt8(0, offset++);
  bodyBytes.copy(message, offset);
  offset += bodyBytes.length;
  message.writeUInt8(1, offset++);
  message.writeInt32LE(sectionSize, offset);
  name.copy(message, offset + 4);
  docs.copy(message, offset + 4 + name.length);
  return message;
}

function exchange(port: number, request: Buffer): Promise<{ reply?: Record<string, unknown>; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let data = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
        socket.end();
        resolve({ reply: BSON.deserialize(data.subarray(21)), closed: false });
      }
    });
    socket.on('close', () => resolve({ closed: true }));
    socket.on('error', () => undefined);
  });
}

describe('embedded MongoDB: handshake, admin commands and the wire', () => {
  const start = useMongoLite();

  it('presents itself as a one-node replica set', async () => {
    const { db, server } = await start();
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({
      isWritablePrimary: true,
      setName: 'rs0',
      hosts: [`127.0.0.1:${server.port}`],
      primary: `127.0.0.1:${server.port}`,
      maxWireVersion: 21,
      logicalSessionTimeoutMinutes: 30,
    });
    expect(hello['topologyVersion']).toBeUndefined();
    const info = await db.admin().command({ buildInfo: 1 });
    expect(info['version']).toBe('7.0.0');
    for (const command of ['serverStatus', 'hostInfo', 'whatsmyuri', 'connectionStatus', 'getCmdLineOpts']) {
      expect(await db.admin().command({ [command]: 1 })).toMatchObject({ ok: 1 });
    }
    expect(await db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 })).toMatchObject({
      featureCompatibilityVersion: { version: '7.0' },
    });
    expect(await db.admin().command({ getLog: 'startupWarnings' })).toMatchObject({ log: [] });
  });

  it('lists and drops databases and reports stats', async () => {
    const { client, db } = await start();
    await db.collection('orders').insertMany([{ a: 1 }, { a: 2 }]);
    await client.db('other').collection('x').insertOne({});
    const { databases } = await client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).toEqual(['lab', 'other']);
    expect(await db.stats()).toMatchObject({ db: 'lab', collections: 1, objects: 2 });
    expect(await db.command({ collStats: 'orders' })).toMatchObject({ count: 2, nindexes: 1 });
    await client.db('other').dropDatabase();
    expect((await client.db('admin').admin().listDatabases()).databases.map((d) => d.name)).toEqual(['lab']);
  });

  it('applies w:0 writes without a reply', async () => {
    const { db } = await start();
    // The change stream is the event the test waits for: each unacknowledged insert, applied.
    const stream = db.collection('fire').watch();
    await stream.tryNext();
    await db.collection('fire').insertOne({ forgotten: false }, { writeConcern: { w: 0 } });
    await db.collection('fire').insertMany([{ n: 1 }, { n: 2 }], { writeConcern: { w: 0 } });
    for (let i = 0; i < 3; i++) expect(await stream.next()).toMatchObject({ operationType: 'insert' });
    await stream.close();
    expect(await db.collection('fire').countDocuments()).toBe(3);
  });

  it('names what it does not support instead of answering wrongly', async () => {
    const { client, db } = await start();
    await expect(db.command({ noSuchCommand: 1 })).rejects.toMatchObject({
      code: 59,
      message: "no such command: 'noSuchCommand'",
    });
    await expect(
      db
        .collection('x')
        .find({ a: { $nearSphere: [0, 0] } })
        .toArray(),
    ).rejects.toMatchObject({ code: 2, message: expect.stringContaining('$nearSphere') });
    await expect(
      db
        .collection('x')
        .find({}, { collation: { locale: 'es' } })
        .toArray(),
    ).rejects.toMatchObject({ message: expect.stringContaining('collation') });
    await expect(
      db
        .collection('x')
        .aggregate([{ $out: 'y' }])
        .toArray(),
    ).rejects.toMatchObject({ message: expect.stringContaining('$out') });
    const session = client.startSession();
    await expect(
      session.withTransaction(() => db.collection('x').insertOne({ t: 1 }, { session })),
    ).rejects.toMatchObject({ message: expect.stringContaining('Transactions are not supported') });
    await session.endSession();
    expect(await db.collection('x').countDocuments()).toBe(0);
  });

  it('accepts checksummed OP_MSG, and drops only a connection that breaks framing', async () => {
    const { server, db } = await start();
    const good = await exchange(server.port, opMsg({ ping: 1, $db: 'admin' }, 7, true));
    expect(good.reply).toMatchObject({ ok: 1 });
    const corrupt = opMsg({ ping: 1, $db: 'admin' }, 8, true);
    corrupt.writeUInt32LE((corrupt.readUInt32LE(corrupt.length - 4) ^ 1) >>> 0, corrupt.length - 4);
    expect(await exchange(server.port, corrupt)).toEqual({ closed: true });
    const absurd = Buffer.alloc(16);
    absurd.writeInt32LE(2 ** 30, 0);
    expect(await exchange(server.port, absurd)).toEqual({ closed: true });
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('reads documents sent as a kind-1 document sequence', async () => {
    const { server, db } = await start();
    const reply = await exchange(
      server.port,
      opMsgWithSequence(
        { insert: 'seq', $db: 'lab' },
        'documents',
        [
          { _id: 1, a: 'x' },
          { _id: 2, a: 'y' },
        ],
        9,
      ),
    );
    expect(reply.reply).toMatchObject({ n: 2, ok: 1 });
    expect(await db.collection('seq').find({}).toArray()).toEqual([
      { _id: 1, a: 'x' },
      { _id: 2, a: 'y' },
    ]);
  });

  it('closes killed and idle cursors, and answers CursorNotFound for them', async () => {
    const { db } = await start({ cursorTimeoutMs: 100 });
    const docs = db.collection('docs');
    await docs.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const open = async () => {
      const reply = await db.command({ find: 'docs', batchSize: 2 });
      return reply['cursor'].id as unknown;
    };
    const killed = await open();
    expect(await db.command({ killCursors: 'docs', cursors: [killed] })).toMatchObject({ cursorsKilled: [killed] });
    await expect(db.command({ getMore: killed, collection: 'docs' })).rejects.toMatchObject({ code: 43 });
    const idle = await open();
    // Waits for the reaper to report the idle cursor closed (serverStatus, as mongod reports it).
    await vi.waitFor(
      async () =>
        expect(
          Number((await db.admin().command({ serverStatus: 1 }))['metrics'].cursor.timedOut),
        ).toBeGreaterThanOrEqual(1),
      { timeout: 5000, interval: 20 },
    );
    await expect(db.command({ getMore: idle, collection: 'docs' })).rejects.toMatchObject({ code: 43 });
    const fresh = await open();
    expect((await db.command({ getMore: fresh, collection: 'docs', batchSize: 3 }))['cursor'].nextBatch).toHaveLength(
      3,
    );
  });

  it('stops cleanly with clients still connected', async () => {
    const { server, db } = await start();
    await db.collection('c').insertOne({ a: 1 });
    await server.stop();
    await server.stop();
    await expect(db.command({ ping: 1 }, { timeoutMS: 500 })).rejects.toThrow();
  });
});
