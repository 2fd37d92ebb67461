import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookDeliveryDocument } from '../../src/mongo/lab-documents.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { serveService } from '../helpers/serve-service.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually, testSecret } from '../helpers/webhook-lab.js';
import { startGatedReceiver } from './gated-receiver.js';
import { killHard } from '../mongo-lite/serve-in-child.js';

describe('a sender killed mid-delivery (kill -9)', () => {
  const tempDir = useTempDir('rtlab-sender-crash-');
  const children = useChildProcesses();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** `rtlab serve webhooks-sender` killed (kill -9) with `count` deliveries in flight: the receiver holds every request. */
  async function killSenderMidDelivery(count: number) {
    const database = await startLabDatabase();
    cleanups.push(() => database.stop());
    const receiver = await startGatedReceiver([202]);
    cleanups.push(() => receiver.stop());
    const cwd = tempDir();
    const env = {
      MONGO_URL: database.mongo.uri,
      WEBHOOK_SECRET: testSecret,
      RECEIVER_URL: receiver.url,
      SENDER_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    };
    const sender = await serveService('webhooks-sender', cwd, env);
    children.push(sender);
    void fetch(`http://127.0.0.1:${env.SENDER_PORT}/send?count=${count}`).catch(() => undefined);
    await eventually(
      () => receiver.received(),
      (received) => received === count,
    );
    await killHard(sender);
    return {
      database,
      cwd,
      env,
      deliveries: database.connection.db.collection<WebhookDeliveryDocument>('webhook_deliveries'),
    };
  }

  it('leaves no delivery pending forever: rtlab webhooks deliveries shows each dead, says why and how to replay it', async () => {
    const { database, cwd, deliveries } = await killSenderMidDelivery(2);
    expect(await deliveries.countDocuments({ status: 'pending' })).toBe(2);

    // A reader: no sender runs any more, yet the deliveries end once their deadline has passed.
    const listed = await eventually(
      async () => {
        const run = await runRtlab(['webhooks', 'deliveries', '--json'], {
          cwd,
          env: { MONGO_URL: database.mongo.uri },
        });
        return run.code === 0 ? (JSON.parse(run.stdout) as Array<{ status: string; reason?: string }>) : [];
      },
      (found) => found.length === 2 && found.every((delivery) => delivery.status !== 'pending'),
      // The deadline (an attempt's timeout and some slack) plus CLI runs on a busy machine.
      60_000,
    );
    expect(listed).toEqual(
      [0, 1].map(() =>
        expect.objectContaining({
          status: 'dead',
          reason: expect.stringMatching(/^abandoned: its sender stopped .*rtlab webhooks replay$/),
        }),
      ),
    );
    const text = await runRtlab(['webhooks', 'deliveries', '--dead'], { cwd, env: { MONGO_URL: database.mongo.uri } });
    expect(text.stdout.split('\n').filter((line) => line.includes('abandoned'))).toHaveLength(2);
  }, 120_000);

  it('a sender started after one was killed ends the deliveries it left pending, with no reader involved', async () => {
    const { cwd, env, deliveries } = await killSenderMidDelivery(1);
    const [left] = await deliveries.find({}).toArray();
    expect(left).toMatchObject({ status: 'pending', settleBy: expect.any(Date) });
    // Its deadline is in the record: once past it, the next sender's first sweep (at start) ends it.
    await eventually(
      () => Date.now(),
      (now) => now > left!.settleBy!.getTime(),
      60_000,
    );
    const next = await serveService('webhooks-sender', cwd, env);
    children.push(next);
    const ended = await eventually(
      () => deliveries.findOne({ deliveryId: left!.deliveryId }),
      (found) => found?.status !== 'pending',
      20_000,
    );
    expect(ended).toMatchObject({ status: 'dead', reason: expect.stringMatching(/^abandoned: /), attempts: [] });
  }, 120_000);
});
