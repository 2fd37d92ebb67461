import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookDeliveryDocument } from '../../src/mongo/lab-documents.js';
import { buildSampleEvents } from '../../src/services/webhooks/sender/build-sample-events.js';
import { sendEvents } from '../../src/services/webhooks/sender/send-events.js';
import { startWebhookSender } from '../../src/services/webhooks/sender/start-webhook-sender.js';
import { verifyWebhook } from '../../src/services/webhooks/signing/verify-webhook.js';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { startScriptedReceiver, type ScriptedReply } from '../helpers/scripted-receiver.js';
import { startLabSender } from '../helpers/lab-sender.js';
import { testSecret, useWebhookLab } from '../helpers/webhook-lab.js';

const quiet = createLoggerFactory({ logDir: '/tmp/rtlab-test-logs-unused', level: 'error', console: false }).forService(
  'webhooks-sender',
);
const fastSchedule = [100, 200, 400];

describe('webhooks sender', () => {
  const start = useWebhookLab();
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  async function deliverTo(
    replies: readonly ScriptedReply[],
    db: Parameters<typeof sendEvents>[1]['db'],
    options: { timeScale?: number } = {},
  ) {
    const receiver = await startScriptedReceiver(replies);
    stops.push(() => receiver.stop());
    const [sent] = await sendEvents(buildSampleEvents(1), {
      url: receiver.url,
      secret: testSecret,
      db,
      logger: quiet,
      schedule: fastSchedule,
      timeScale: options.timeScale ?? 0.1,
    });
    const result = await sent!.done;
    const record = await db!.collection<WebhookDeliveryDocument>('webhook_deliveries').findOne({ eventId: sent!.id });
    return { receiver, result, record, id: sent!.id };
  }

  it('retries 500s and delivers on the third attempt, re-signing each with the same id', async () => {
    const lab = await start();
    const { receiver, result, record, id } = await deliverTo(
      [{ status: 500 }, { status: 500 }, { status: 202 }],
      lab.connection.db,
    );
    expect(result.delivered).toBe(true);
    expect(record).toMatchObject({
      status: 'delivered',
      attempts: [
        { attempt: 1, statusCode: 500 },
        { attempt: 2, statusCode: 500 },
        { attempt: 3, statusCode: 202 },
      ],
    });
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual([id, id, id]);
    for (const request of receiver.requests) {
      const verified = verifyWebhook({
        id: String(request.headers['webhook-id']),
        timestamp: String(request.headers['webhook-timestamp']),
        signature: String(request.headers['webhook-signature']),
        body: Buffer.from(request.body),
        secrets: [testSecret],
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      expect(verified.ok).toBe(true);
    }
  });

  it('waits as long as a 503 Retry-After asks (time-scaled)', async () => {
    const lab = await start();
    // Retry-After 2 s at time scale 0.1 is 200 ms, far more than the schedule's 10 ms.
    const { record } = await deliverTo(
      [{ status: 503, headers: { 'retry-after': '2' } }, { status: 200 }],
      lab.connection.db,
    );
    const [first, second] = record!.attempts;
    expect(record!.status).toBe('delivered');
    expect(second!.at.getTime() - first!.at.getTime()).toBeGreaterThanOrEqual(190);
  });

  it('stops at 410 Gone and at other 4xx, with a dead letter that says why', async () => {
    const lab = await start();
    const gone = await deliverTo([{ status: 410 }], lab.connection.db);
    expect(gone.record).toMatchObject({
      status: 'dead',
      attempts: [{ statusCode: 410 }],
      reason: expect.stringContaining('410 (Gone)'),
    });
    const bad = await deliverTo([{ status: 400 }], lab.connection.db);
    expect(bad.record).toMatchObject({ status: 'dead', attempts: [{ statusCode: 400 }] });
  });

  it('dead-letters a delivery whose every attempt fails', async () => {
    const lab = await start();
    const { record, result } = await deliverTo([{ status: 502 }], lab.connection.db, { timeScale: 0.01 });
    expect(result.delivered).toBe(false);
    expect(record!.attempts.map((attempt) => attempt.statusCode)).toEqual([502, 502, 502, 502]);
    expect(record).toMatchObject({ status: 'dead', reason: 'no success after 4 attempts (last: 502)' });
  });

  it('still delivers when MongoDB cannot record the delivery, and says so', async () => {
    const lab = await start();
    const receiver = await startScriptedReceiver([{ status: 202 }]);
    stops.push(() => receiver.stop());
    await lab.mongo.stop();
    const warnings: string[] = [];
    const logger = { ...quiet, warn: (message: string) => void warnings.push(message) };
    const [sent] = await sendEvents(buildSampleEvents(1), {
      url: receiver.url,
      secret: testSecret,
      db: lab.connection.db,
      logger,
      schedule: fastSchedule,
    });
    expect((await sent!.done).delivered).toBe(true);
    expect(receiver.requests).toHaveLength(1);
    expect(warnings).toContain('Could not record a webhook delivery in MongoDB; delivering anyway');
  });

  it('/readyz reflects its MongoDB: 200 while it answers, 503 once it is gone, while /healthz stays 200', async () => {
    const lab = await start();
    const sender = await startWebhookSender({
      port: 0,
      db: lab.connection.db,
      receiverUrl: lab.receiver.url,
      secret: testSecret,
      logger: quiet,
    });
    stops.push(() => sender.stop());
    const ready = await fetch(`${sender.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    await lab.mongo.stop();
    const gone = await fetch(`${sender.url}/readyz`);
    expect([gone.status, await gone.json()]).toEqual([503, { status: 'database_unavailable' }]);
    expect((await fetch(`${sender.url}/healthz`)).status).toBe(200);
  });

  it('delivers once a receiver that was down comes up', async () => {
    const lab = await start();
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const [sent] = await sendEvents(buildSampleEvents(1), {
      url: `http://127.0.0.1:${port}/webhooks`,
      secret: testSecret,
      db: lab.connection.db,
      logger: quiet,
      schedule: [300, 300, 300],
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const receiver = await startScriptedReceiver([{ status: 202 }], port);
    stops.push(() => receiver.stop());
    expect((await sent!.done).delivered).toBe(true);
    const record = await lab.connection.db
      .collection<WebhookDeliveryDocument>('webhook_deliveries')
      .findOne({ eventId: sent!.id });
    expect(record!.attempts[0]!.error).toMatch(/ECONNREFUSED|connect/);
    expect(record!.attempts.at(-1)!.statusCode).toBe(202);
  });

  it('runs the lab\'s first scenario: GET /send answers {"status":"sent","count":2} and the receiver handles both', async () => {
    const lab = await start();
    const sender = await startLabSender(lab, stops);
    const response = await fetch(`${sender.url}/send`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"sent","count":2}');
    const handled = (await lab.logMessages('webhooks-receiver')).filter(
      (line) => line.message === 'Handling order.created event',
    );
    expect(handled).toHaveLength(2);
    const orders = await lab.connection.db.collection('orders').find({}).toArray();
    expect(orders).toHaveLength(2);
    expect(new Set(orders.map((order) => order['customerEmail'])).size).toBe(2);
    expect((await lab.logMessages('webhooks-sender')).map((line) => line.message)).toContain(
      `Webhook sender listening on port ${sender.port}`,
    );
    const custom = await fetch(`${sender.url}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'order.paid', data: { orderId: orders[0]!['orderId'] } }),
    });
    expect(await custom.json()).toEqual({ status: 'sent', count: 1 });
    expect(await lab.connection.db.collection('orders').findOne({ orderId: orders[0]!['orderId'] })).toMatchObject({
      status: 'paid',
    });
    // Counts that Number() would read but a person did not mean: refused, nothing sent.
    const deliveriesBefore = await lab.connection.db.collection('webhook_deliveries').countDocuments();
    for (const count of ['0', '101', '0x10', '1e1', '%205', '1.5', '-1', 'abc'])
      expect((await fetch(`${sender.url}/send?count=${count}`)).status).toBe(400);
    expect(await lab.connection.db.collection('webhook_deliveries').countDocuments()).toBe(deliveriesBefore);
  });
});
