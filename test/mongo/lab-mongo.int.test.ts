import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import type { Logger } from '../../src/log/log-entry.js';
import { connectMongo } from '../../src/mongo/connect-mongo.js';
import net from 'node:net';
import { ensureLabCollections, labCollectionNames } from '../../src/mongo/lab-collections.js';
import { parseMongoMode } from '../../src/config/mongo-plan.js';
import { startMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { provideLabMongo } from '../../src/runtime/lab-mongo/provide-lab-mongo.js';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string) => void lines.push(message);
  return { lines, error: push, warn: push, info: push, debug: push };
}

describe("the lab's MongoDB layer", () => {
  it('parses --mongo', () => {
    expect(parseMongoMode('lite')).toBe('lite');
    expect(parseMongoMode('memory')).toBe('memory');
    expect(parseMongoMode('mongodb://u:p@db:27017/x')).toEqual({ url: 'mongodb://u:p@db:27017/x' });
    expect(parseMongoMode('postgres://x')).toBeUndefined();
  });

  it("starts the embedded engine with the lab's collections and indexes, idempotently", async () => {
    const mongo = await startMongoLite({ port: 0 });
    try {
      const connection = await connectMongo({ url: mongo.uri, dbName: 'realtime_labs' });
      await ensureLabCollections(connection.db);
      await ensureLabCollections(connection.db);
      const names = (await connection.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
      expect(names).toEqual([...labCollectionNames].sort());
      const eventIndexes = await connection.db.collection('webhook_events').listIndexes().toArray();
      expect(eventIndexes.find((index) => index['name'] === 'eventId_unique')).toMatchObject({
        unique: true,
        key: { eventId: 1 },
      });
      await connection.db.collection('webhook_events').insertOne({ eventId: 'evt_1' });
      await expect(connection.db.collection('webhook_events').insertOne({ eventId: 'evt_1' })).rejects.toMatchObject({
        code: 11000,
      });
      await connection.close();
      await connection.close();
    } finally {
      await mongo.stop();
    }
  });

  it('connects to a URL as given, and names an unreachable one without its password', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    closed.close();
    const error = await connectMongo({
      url: `mongodb://learner:s3cret@127.0.0.1:${port}/?directConnection=true`,
      dbName: 'x',
      serverSelectionTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toContain(`mongodb://***@127.0.0.1:${port}/`);
    expect((error as EnvironmentError).message).not.toContain('s3cret');
    expect((error as EnvironmentError).hint).toMatch(/--mongo lite/);
  });

  it('says clearly when mongodb-memory-server cannot get a mongod (downloads disabled here)', async () => {
    const previous = { download: process.env['MONGOMS_RUNTIME_DOWNLOAD'], dir: process.env['MONGOMS_DOWNLOAD_DIR'] };
    process.env['MONGOMS_RUNTIME_DOWNLOAD'] = 'false';
    process.env['MONGOMS_DOWNLOAD_DIR'] = mkdtempSync(path.join(tmpdir(), 'rtlab-mms-'));
    try {
      const error = await provideLabMongo(
        { kind: 'memory' },
        { home: tmpdir(), cwd: tmpdir(), logger: recordingLogger() },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as EnvironmentError).message).toMatch(/^Could not start mongod through mongodb-memory-server/);
      expect((error as EnvironmentError).hint).toMatch(/--mongo lite/);
    } finally {
      for (const [key, value] of [
        ['MONGOMS_RUNTIME_DOWNLOAD', previous.download],
        ['MONGOMS_DOWNLOAD_DIR', previous.dir],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
