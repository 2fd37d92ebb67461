import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { connectMongo, type MongoConnection } from '../../src/mongo/connect-mongo.js';
import { ensureLabCollections } from '../../src/mongo/lab-collections.js';
import {
  startWebhookReceiver,
  type StartedWebhookReceiver,
} from '../../src/services/webhooks/receiver/start-webhook-receiver.js';
import { startOrderUpdatePublisher } from '../../src/services/ws/start-order-update-publisher.js';
import { killHard, serveInChild, type ServedChild } from '../mongo-lite/serve-in-child.js';
import { requireTool } from '../helpers/require-tool.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { testSecret } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from './deliver-signed.js';

const prlimit = requireTool({
  command: 'prlimit',
  args: ['--version'],
  why: 'prlimit (to give the disk space back to a running server)',
  install: 'apt-get install util-linux',
});

describe.skipIf(!prlimit.available)("the receiver when MongoDB's disk is full", () => {
  const tempDir = useTempDir();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('answers 503 with Retry-After (retry later), not 422 (never), and takes the same event once space is back', async () => {
    const cwd = tempDir();
    const served: ServedChild = await serveInChild(cwd, path.join(cwd, 'data'), { fileSizeLimitKiB: 512 });
    cleanups.push(() => killHard(served.child));
    const connection: MongoConnection = await connectMongo({ url: served.uri, dbName: 'realtime_labs' });
    cleanups.push(() => connection.close());
    await ensureLabCollections(connection.db);
    // Fill the disk (here: the journal's file-size limit) until MongoDB refuses even small writes.
    const filler = connection.db.collection<{ pad: string }>('filler');
    for (const size of [8192, 512, 16]) {
      let full = false;
      for (let n = 0; n < 2000 && !full; n++)
        await filler
          .insertOne({ pad: 'x'.repeat(size) })
          .catch((error: { code?: number }) => (full = error.code === 14031));
      expect(full).toBe(true);
    }

    const logs = createLoggerFactory({ logDir: path.join(cwd, 'logs'), level: 'info', console: false });
    const publisher = startOrderUpdatePublisher({
      wsServerUrl: 'http://127.0.0.1:9',
      internalToken: 'internal-token-for-tests-0123456789',
      logger: logs.forService('webhooks-receiver'),
    });
    const receiver: StartedWebhookReceiver = await startWebhookReceiver({
      port: 0,
      host: '127.0.0.1',
      db: connection.db,
      secrets: [testSecret],
      publisher,
      logger: logs.forService('webhooks-receiver'),
    });
    cleanups.push(async () => {
      await receiver.stop();
      await publisher.stop();
      logs.close();
    });
    const body = orderCreatedBody('ord_disk_full');
    const refused = await deliverSigned(receiver.url, 'msg_disk_full', body);
    expect([refused.status, refused.json['error']]).toEqual([503, 'database_unavailable']);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);

    expect(spawnSync('prlimit', ['--pid', String(served.child.pid), '--fsize=unlimited:']).status).toBe(0);
    const accepted = await deliverSigned(receiver.url, 'msg_disk_full', body);
    expect([accepted.status, accepted.json]).toEqual([202, { status: 'accepted', id: 'msg_disk_full' }]);
    expect(await connection.db.collection('orders').countDocuments({ orderId: 'ord_disk_full' })).toBe(1);
  });
});
