import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { connectMongo } from '../../src/mongo/connect-mongo.js';
import type { WebhookDeliveryDocument } from '../../src/mongo/lab-documents.js';
import { ensureLabCollections } from '../../src/mongo/lab-collections.js';
import { startWebhookSender } from '../../src/services/webhooks/sender/start-webhook-sender.js';
import { killHard, useChildEngines } from '../mongo-lite/serve-in-child.js';
import { freePort } from '../helpers/free-port.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually, testSecret } from '../helpers/webhook-lab.js';
import { startGatedReceiver } from './gated-receiver.js';

describe('every delivery ends in a recorded outcome once MongoDB is back', () => {
  const tempDir = useTempDir('rtlab-delivery-outcomes-');
  const engines = useChildEngines();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The engine as its own process on a fixed port (so that a restart is found again), the sender in this process. */
  async function startLab(statuses: readonly number[]) {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'mongo-data');
    const port = await freePort();
    const serve = () => engines.serve(cwd, dbPath, { args: ['--port', String(port)] });
    let engine = await serve();
    const connection = await connectMongo({ url: engine.uri, dbName: 'realtime_labs', serverSelectionTimeoutMs: 1000 });
    cleanups.push(() => connection.close());
    await ensureLabCollections(connection.db);
    const receiver = await startGatedReceiver(statuses);
    cleanups.push(() => receiver.stop());
    const logs = createLoggerFactory({ logDir: path.join(cwd, 'logs'), level: 'info', console: false });
    const sender = await startWebhookSender({
      port: 0,
      db: connection.db,
      receiverUrl: receiver.url,
      secret: testSecret,
      logger: logs.forService('webhooks-sender'),
      retryScheduleMs: [200, 200, 200],
    });
    cleanups.push(async () => {
      await sender.stop();
      logs.close();
    });
    const deliveries = connection.db.collection<WebhookDeliveryDocument>('webhook_deliveries');
    return {
      sender,
      receiver,
      deliveries,
      kill: () => killHard(engine.child),
      restart: async () => void (engine = await serve()),
      /** Waits until every delivery is recorded with an outcome (the driver finds the restarted engine by itself). */
      settled: (count: number) =>
        eventually(
          () =>
            deliveries
              .find({})
              .toArray()
              .catch(() => []),
          (found) => found.length === count && found.every((delivery) => delivery.status !== 'pending'),
          30_000,
        ),
    };
  }

  it('a delivery whose outcome could not be written while MongoDB was down (kill -9) is recorded delivered after MongoDB restarts', async () => {
    const lab = await startLab([202]);
    const reply = fetch(`${lab.sender.url}/send?count=2`);
    // Both deliveries are recorded pending and in flight at the receiver...
    await eventually(
      () => lab.receiver.received(),
      (count) => count === 2,
    );
    expect(await lab.deliveries.countDocuments({ status: 'pending' })).toBe(2);
    // ...when MongoDB dies; then the receiver acknowledges them.
    await lab.kill();
    lab.receiver.release();
    const response = await reply;
    expect([response.status, await response.json()]).toEqual([200, { status: 'sent', count: 2 }]);
    await lab.restart();
    const recorded = await lab.settled(2);
    expect(
      recorded.map((delivery) => [delivery.status, delivery.attempts.map((attempt) => attempt.statusCode)]),
    ).toEqual([
      ['delivered', [202]],
      ['delivered', [202]],
    ]);
  }, 90_000);

  it('a delivery that began while MongoDB was down keeps every attempt, in order, and its outcome', async () => {
    // A first attempt refused (500), the retry acknowledged: three writes (create, attempt, outcome), none of which MongoDB could take then.
    const lab = await startLab([500, 202]);
    await lab.kill();
    const reply = fetch(`${lab.sender.url}/send?count=1`);
    await eventually(
      () => lab.receiver.received(),
      (count) => count === 1,
    );
    lab.receiver.release();
    const response = await reply;
    expect([response.status, await response.json()]).toEqual([200, { status: 'sent', count: 1 }]);
    await lab.restart();
    const [recorded] = await lab.settled(1);
    expect(recorded).toMatchObject({
      status: 'delivered',
      attempts: [
        { attempt: 1, statusCode: 500 },
        { attempt: 2, statusCode: 202 },
      ],
    });
    expect(recorded!.settleBy).toBeUndefined();
  }, 90_000);
});
