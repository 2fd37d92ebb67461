import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDocument, WebhookDeliveryDocument, WebhookEventDocument } from '../../src/mongo/lab-documents.js';
import { connectMongo } from '../../src/mongo/connect-mongo.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { startRtlab } from '../helpers/run-rtlab.js';
import { serveService } from '../helpers/serve-service.js';
import { startSocketIoSink } from '../helpers/socket-io-sink.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually, testSecret } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from './deliver-signed.js';

const internalToken = 'internal-token-for-crash-tests-0123456789';

/** SIGKILL, as a crashing machine would: no shutdown code runs. Taken off the list the clean-up stops. */
async function killHard(children: ChildProcess[], child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  children.splice(children.indexOf(child), 1);
}

/** A sender that retries, as Svix would, until the receiver answers 2xx: network errors and 5xx (honouring Retry-After) go again. */
async function deliverUntilAcknowledged(url: string, id: string, body: string): Promise<number> {
  for (;;) {
    const reply = await deliverSigned(url, id, body).catch(() => undefined);
    if (reply !== undefined && reply.status < 300) return reply.status;
    if (reply !== undefined && reply.status < 500)
      throw new Error(`${id} refused with ${reply.status}: ${JSON.stringify(reply.json)}`);
    await sleep(Math.min(Number(reply?.retryAfter ?? 0.2), 2) * 1000);
  }
}

/** `rtlab mongo serve` on a port, with its journal in `cwd`: resolves once it prints its URL. */
async function serveMongo(cwd: string, port: number): Promise<ChildProcess> {
  const child = startRtlab(['mongo', 'serve', '--port', String(port), '--dbpath', path.join(cwd, 'mongo-data')], {
    cwd,
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('mongodb://')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`rtlab mongo serve exited with ${code}`)));
  });
  return child;
}

describe('nothing acknowledged is lost across a kill -9', () => {
  const tempDir = useTempDir('rtlab-crash-');
  const children = useChildProcesses();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startBackbone() {
    const database = await startLabDatabase();
    cleanups.push(() => database.stop());
    const cwd = tempDir();
    const env = {
      MONGO_URL: database.mongo.uri,
      WEBHOOK_SECRET: testSecret,
      WS_INTERNAL_TOKEN: internalToken,
      RECEIVER_PORT: String(await freePort()),
      SENDER_PORT: String(await freePort()),
      WS_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    };
    const db = database.connection.db;
    return { db, cwd, env, receiverUrl: `http://127.0.0.1:${env.RECEIVER_PORT}/webhooks` };
  }

  /** Every acknowledged event handled once, its order there once, and its outbox entry (carried by the event) sent. */
  async function expectEveryEventHandledOnce(
    db: Awaited<ReturnType<typeof startBackbone>>['db'],
    eventIds: readonly string[],
  ): Promise<void> {
    const events = await db
      .collection<WebhookEventDocument>('webhook_events')
      .find({ eventId: { $in: [...eventIds] } })
      .toArray();
    expect(events).toHaveLength(eventIds.length);
    expect(
      events
        .filter((event) => event.status !== 'processed' || event.handlings !== 1)
        .map((event) => `${event.eventId}: ${event.status} × ${event.handlings}`),
    ).toEqual([]);
    const orders = await db.collection<OrderDocument>('orders').find({}).toArray();
    const createdBy = new Map(orders.map((order) => [order.history[0]?.eventId, order]));
    expect(eventIds.filter((id) => createdBy.get(id)?.history.length !== 1)).toEqual([]);
    expect(
      await eventually(
        () =>
          db
            .collection<WebhookEventDocument>('webhook_events')
            .countDocuments({ eventId: { $in: [...eventIds] }, 'outbox.status': 'sent' }),
        (count) => count === eventIds.length,
        20_000,
      ),
    ).toBe(eventIds.length);
  }

  it('receiver killed mid-burst of three GET /send?count=100 from the real sender, then restarted: every event handled once and notified', async () => {
    const { db, cwd, env } = await startBackbone();
    const sink = await startSocketIoSink(internalToken);
    cleanups.push(() => sink.stop());
    const receiverEnv = { ...env, WS_SERVER_URL: sink.url };
    children.push(await serveService('webhooks-receiver', cwd, receiverEnv));
    const sender = await serveService('webhooks-sender', cwd, env);
    children.push(sender);
    // The real sender, retrying fast enough to outlast a restart and a lease (Retry-After is honoured).
    const sends = [1, 2, 3].map(() =>
      fetch(`http://127.0.0.1:${env.SENDER_PORT}/send?count=100`).then((response) => response.status),
    );
    await eventually(
      () => db.collection('webhook_events').countDocuments(),
      (count) => count >= 60,
      30_000,
    );
    await killHard(children, children[0]!);
    children.push(await serveService('webhooks-receiver', cwd, receiverEnv));
    await Promise.all(sends);

    const deliveries = db.collection<WebhookDeliveryDocument>('webhook_deliveries');
    const delivered = await eventually(
      () => deliveries.find({}).toArray(),
      (list) => list.length === 300 && list.every((delivery) => delivery.status === 'delivered'),
      90_000,
    );
    expect(delivered.map((delivery) => delivery.status)).toEqual(delivered.map(() => 'delivered'));
    const eventIds = delivered.map((delivery) => delivery.eventId);
    await expectEveryEventHandledOnce(db, eventIds);
    const notified = await eventually(
      () => new Set(sink.updates.map((update) => (update as { eventId: string }).eventId)),
      (ids) => eventIds.every((id) => ids.has(id)),
      20_000,
    );
    expect(eventIds.filter((id) => !notified.has(id))).toEqual([]);
  }, 180_000);

  it('MongoDB killed mid-burst and restarted on its journal: every acknowledged event handled once and notified', async () => {
    const cwd = tempDir();
    const mongoPort = await freePort();
    const startMongo = () => serveMongo(cwd, mongoPort);
    children.push(await startMongo());
    const connection = await connectMongo({
      url: `mongodb://127.0.0.1:${mongoPort}/?directConnection=true`,
      dbName: 'realtime_labs',
    });
    cleanups.push(() => connection.close());
    const db = connection.db;
    const sink = await startSocketIoSink(internalToken);
    cleanups.push(() => sink.stop());
    const env = {
      MONGO_URL: `mongodb://127.0.0.1:${mongoPort}/?directConnection=true`,
      WEBHOOK_SECRET: testSecret,
      WS_INTERNAL_TOKEN: internalToken,
      RECEIVER_PORT: String(await freePort()),
      WS_SERVER_URL: sink.url,
      LOG_LEVEL: 'info',
    };
    children.push(await serveService('webhooks-receiver', cwd, env));
    const receiverUrl = `http://127.0.0.1:${env.RECEIVER_PORT}/webhooks`;
    const eventIds = Array.from({ length: 300 }, (_, n) => `msg_mongo_${n}`);
    const burst = Promise.all(
      eventIds.map((id, n) => deliverUntilAcknowledged(receiverUrl, id, orderCreatedBody(`ord_mongo_${n}`))),
    );
    await eventually(
      () =>
        db
          .collection('webhook_events')
          .countDocuments()
          .catch(() => 0),
      (count) => count >= 60,
      30_000,
    );
    await killHard(children, children[0]!);
    children.unshift(await startMongo());
    await burst;

    await expectEveryEventHandledOnce(db, eventIds);
    const notified = await eventually(
      () => new Set(sink.updates.map((update) => (update as { eventId: string }).eventId)),
      (ids) => eventIds.every((id) => ids.has(id)),
      20_000,
    );
    expect(eventIds.filter((id) => !notified.has(id))).toEqual([]);
    // The outage is told once by each background loop, not once per retry.
    const lines = readFileSync(path.join(cwd, '.rtlab', 'logs', 'webhooks-receiver.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { message: string }).message);
    for (const message of [
      'Outbox relay cannot reach MongoDB; notifications wait in the outbox',
      'Claim sweeper cannot reach MongoDB; unfinished events wait',
    ])
      expect(lines.filter((line) => line === message).length).toBeLessThanOrEqual(1);
  }, 180_000);

  it('ws-server killed mid-burst and restarted: every notification reaches it (stored in notifications)', async () => {
    const { db, cwd, env, receiverUrl } = await startBackbone();
    const wsUrl = `http://127.0.0.1:${env.WS_PORT}`;
    children.push(await serveService('ws-server', cwd, env));
    children.push(await serveService('webhooks-receiver', cwd, { ...env, WS_SERVER_URL: wsUrl }));
    const eventIds = Array.from({ length: 300 }, (_, n) => `msg_burst_${n}`);
    const burst = Promise.all(
      eventIds.map((id, n) => deliverUntilAcknowledged(receiverUrl, id, orderCreatedBody(`ord_burst_${n}`))),
    );
    await eventually(
      () => db.collection('notifications').countDocuments(),
      (count) => count >= 60,
      30_000,
    );
    await killHard(children, children[0]!);
    children.push(await serveService('ws-server', cwd, env));
    expect((await burst).every((status) => status === 202 || status === 200)).toBe(true);

    await expectEveryEventHandledOnce(db, eventIds);
    const stored = await eventually(
      () => db.collection('notifications').distinct('eventId'),
      (ids) => ids.length === 300,
      20_000,
    );
    expect(new Set(stored)).toEqual(new Set(eventIds));
  }, 180_000);
});
