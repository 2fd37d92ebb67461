import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import type { OrderDocument, WebhookEventDocument } from '../../src/mongo/lab-documents.js';
import { startWebhookSender } from '../../src/services/webhooks/sender/start-webhook-sender.js';
import { freePort } from '../helpers/free-port.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { serveService } from '../helpers/serve-service.js';
import { startScriptedReceiver } from '../helpers/scripted-receiver.js';
import { startSocketIoSink } from '../helpers/socket-io-sink.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually, testSecret } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from './deliver-signed.js';

const internalToken = 'replica-receivers-internal-token';

/** Stateless receiver replicas over one MongoDB, and a sender that takes them in turn. */
describe('webhooks receiver replicas', () => {
  const tempDir = useTempDir('rtlab-rx-replicas-');
  let database: Awaited<ReturnType<typeof startLabDatabase>>;
  let sink: Awaited<ReturnType<typeof startSocketIoSink>>;
  const receivers: ChildProcess[] = [];
  const receiverUrls: string[] = [];

  beforeAll(async () => {
    database = await startLabDatabase();
    sink = await startSocketIoSink(internalToken);
    const cwd = tempDir();
    const ports = [await freePort(), await freePort()];
    receivers.push(
      ...(await Promise.all(
        ports.map((port) =>
          serveService('webhooks-receiver', cwd, {
            MONGO_URL: database.mongo.uri,
            WEBHOOK_SECRET: testSecret,
            WS_INTERNAL_TOKEN: internalToken,
            WS_SERVER_URL: sink.url,
            RECEIVER_PORT: String(port),
          }),
        ),
      )),
    );
    receiverUrls.push(...ports.map((port) => `http://127.0.0.1:${port}/webhooks`));
  }, 60_000);

  afterAll(async () => {
    for (const receiver of receivers) {
      const exited = new Promise((resolve) => receiver.once('exit', resolve));
      receiver.kill('SIGTERM');
      await exited;
    }
    await sink.stop();
    await database.stop();
  });

  it('handles an event delivered to two receivers at once exactly once (the claim in MongoDB decides)', async () => {
    const orderIds = Array.from({ length: 20 }, (_, index) => `ord_race_${index}`);
    // Each event's same signed bytes go to both replicas at the same moment.
    const replies = await Promise.all(
      orderIds.map((orderId) => {
        const body = orderCreatedBody(orderId);
        const id = `evt_race_${orderId}`;
        return Promise.all(receiverUrls.map((url) => deliverSigned(url, id, body)));
      }),
    );
    for (const pair of replies) {
      // One handled it; the other answered a duplicate, or 503 "still being handled" (the sender retries that).
      expect(pair.some((reply) => reply.status >= 200 && reply.status < 300)).toBe(true);
      for (const reply of pair) expect([200, 202, 503]).toContain(reply.status);
    }
    const db = database.connection.db;
    const events = await db
      .collection<WebhookEventDocument>('webhook_events')
      .find({ eventId: { $in: orderIds.map((orderId) => `evt_race_${orderId}`) } })
      .toArray();
    expect(events.map((event) => `${event.status} × ${event.handlings}`)).toEqual(orderIds.map(() => 'processed × 1'));
    const orders = await db
      .collection<OrderDocument>('orders')
      .find({ orderId: { $in: orderIds } })
      .toArray();
    expect(orders.map((order) => order.history.length)).toEqual(orderIds.map(() => 1));
    // And each order's notification was published once.
    await eventually(
      () => sink.updates.filter((update) => orderIds.includes((update as { orderId: string }).orderId)).length,
      (count) => count >= orderIds.length,
      15_000,
    );
    const published = sink.updates
      .map((update) => (update as { orderId: string }).orderId)
      .filter((orderId) => orderIds.includes(orderId));
    expect(new Set(published).size).toBe(published.length);
  });

  it('the sender delivers to RECEIVER_URLS in turn, passing over one that refuses connections', async () => {
    const [first, second] = [
      await startScriptedReceiver([{ status: 200 }]),
      await startScriptedReceiver([{ status: 200 }]),
    ];
    // A port nothing listens on: a stopped replica.
    const stopped = `http://127.0.0.1:${await freePort()}/webhooks`;
    const logs = createLoggerFactory({ logDir: `${tempDir()}/logs`, level: 'warn', console: false });
    const sender = await startWebhookSender({
      port: 0,
      db: database.connection.db,
      receiverUrl: first.url,
      receiverUrls: [first.url, stopped, second.url],
      secret: testSecret,
      logger: logs.forService('webhooks-sender'),
    });
    try {
      const response = await fetch(`${sender.url}/send?count=6`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'sent', count: 6 });
      // In turn: first, (stopped →) second, second, first, (stopped →) second, second. Each event once.
      expect(first.requests).toHaveLength(2);
      expect(second.requests).toHaveLength(4);
      const ids = [...first.requests, ...second.requests].map((request) => request.headers['webhook-id']);
      expect(new Set(ids).size).toBe(6);
    } finally {
      await sender.stop();
      logs.close();
      await first.stop();
      await second.stop();
    }
  });
});
