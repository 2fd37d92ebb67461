import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrderDocument, OutboxDocument, WebhookEventDocument } from '../../src/mongo/lab-documents.js';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { connectMongo } from '../../src/mongo/connect-mongo.js';
import { startMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { writeOutboxEntry } from '../../src/mongo/outbox-store.js';
import { startOutboxRelay } from '../../src/services/ws/start-outbox-relay.js';
import { startSocketIoSink } from '../helpers/socket-io-sink.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually, useWebhookLab, type WebhookLab } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from './deliver-signed.js';

/** What a receiver that died mid-handling leaves behind: the event claimed, still `received`. */
async function leaveClaimedEvent(lab: WebhookLab, eventId: string, body: string, claimedAt: Date): Promise<void> {
  const payload = JSON.parse(body) as WebhookEventDocument['payload'];
  const event: WebhookEventDocument = {
    eventId,
    type: payload.type,
    payload,
    payloadHash: createHash('sha256').update(body).digest('hex'),
    status: 'received',
    handlings: 0,
    receivedAt: claimedAt,
    claimedAt,
  };
  await lab.connection.db.collection<WebhookEventDocument>('webhook_events').insertOne(event);
}

function order(orderId: string, history: OrderDocument['history']): OrderDocument {
  const at = history[0]!.at;
  return {
    orderId,
    customerEmail: 'ana@example.com',
    customerName: 'Ana',
    items: [{ sku: 'A1', name: 'Keyboard', quantity: 1, unitPrice: 1 }],
    total: 1,
    currency: 'EUR',
    status: history.at(-1)!.status,
    source: 'webhook',
    createdAt: at,
    updatedAt: history.at(-1)!.at,
    history,
  };
}

const processedOnce = (lab: WebhookLab, eventId: string) =>
  eventually(
    () => lab.connection.db.collection<WebhookEventDocument>('webhook_events').findOne({ eventId }),
    (event) => event?.status === 'processed',
    10_000,
  );
const notifiedAbout = (lab: WebhookLab, eventId: string) =>
  eventually(
    () => lab.notifications.filter((update) => (update as { eventId: string }).eventId === eventId),
    (list) => list.length > 0,
    10_000,
  );

describe('webhooks receiver: events whose handler died', () => {
  const start = useWebhookLab();

  it('answers a duplicate 503 with Retry-After while the claim is live, never "200 duplicate", then handles it once the lease ran out', async () => {
    const lab = await start({ leaseMs: 1500, duplicateWaitMs: 200 });
    const body = orderCreatedBody('ord_dead');
    await leaveClaimedEvent(lab, 'msg_dead', body, new Date());
    const first = await deliverSigned(lab.receiver.url, 'msg_dead', body);
    expect(first).toMatchObject({ status: 503, json: { error: 'event_in_progress', id: 'msg_dead' } });
    expect(Number(first.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(first.retryAfter)).toBeLessThanOrEqual(2);
    // The sender retries; whoever takes the event over (this redelivery or the sweeper) handles it once.
    const later = await eventually(
      () => deliverSigned(lab.receiver.url, 'msg_dead', body),
      (reply) => reply.status !== 503,
      10_000,
    );
    expect([200, 202]).toContain(later.status);
    expect(await processedOnce(lab, 'msg_dead')).toMatchObject({ handlings: 1 });
    expect(await lab.connection.db.collection('orders').countDocuments({ orderId: 'ord_dead' })).toBe(1);
    expect(await notifiedAbout(lab, 'msg_dead')).toEqual([
      expect.objectContaining({ orderId: 'ord_dead', status: 'created' }),
    ]);
  });

  it('a duplicate arriving while this process handles the event waits for it and answers its outcome', async () => {
    const lab = await start();
    const body = orderCreatedBody('ord_wait');
    const replies = await Promise.all([
      deliverSigned(lab.receiver.url, 'msg_wait', body),
      deliverSigned(lab.receiver.url, 'msg_wait', body),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 202]);
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_wait' })).toMatchObject({
      status: 'processed',
      handlings: 1,
    });
  });

  type HalfDone = readonly [
    string,
    (lab: WebhookLab, at: Date) => Promise<{ eventId: string; orderId: string; status: string }>,
  ];
  const halfDone: HalfDone[] = [
    [
      'created the order but never wrote its notification',
      async (lab, at) => {
        await lab.connection.db
          .collection<OrderDocument>('orders')
          .insertOne(order('ord_half', [{ status: 'created', at, source: 'webhook', eventId: 'msg_half' }]));
        await leaveClaimedEvent(lab, 'msg_half', orderCreatedBody('ord_half'), at);
        return { eventId: 'msg_half', orderId: 'ord_half', status: 'created' };
      },
    ],
    [
      'marked the order paid but never wrote its notification',
      async (lab, at) => {
        await lab.connection.db.collection<OrderDocument>('orders').insertOne(
          order('ord_paid', [
            { status: 'created', at, source: 'webhook', eventId: 'msg_c' },
            { status: 'paid', at, source: 'webhook', eventId: 'msg_paid_half' },
          ]),
        );
        await leaveClaimedEvent(
          lab,
          'msg_paid_half',
          JSON.stringify({ type: 'order.paid', data: { orderId: 'ord_paid' }, createdAt: at.toISOString() }),
          at,
        );
        return { eventId: 'msg_paid_half', orderId: 'ord_paid', status: 'paid' };
      },
    ],
    [
      'died before changing anything',
      async (lab, at) => {
        await leaveClaimedEvent(lab, 'msg_untouched', orderCreatedBody('ord_untouched'), at);
        return { eventId: 'msg_untouched', orderId: 'ord_untouched', status: 'created' };
      },
    ],
  ];

  it.each(halfDone)(
    'the sweeper finishes an event whose handler %s, applying the change once',
    async (_name, leave) => {
      const lab = await start({ leaseMs: 1000 });
      const expired = new Date(Date.now() - 60_000);
      const { eventId, orderId, status } = await leave(lab, expired);
      expect(await processedOnce(lab, eventId)).toMatchObject({ handlings: 1 });
      const stored = await lab.connection.db.collection<OrderDocument>('orders').findOne({ orderId });
      expect(stored).toMatchObject({ status });
      expect(stored!.history.filter((entry) => entry.eventId === eventId)).toHaveLength(1);
      expect(await notifiedAbout(lab, eventId)).toEqual([expect.objectContaining({ orderId, status, eventId })]);
      const messages = (await lab.logMessages('webhooks-receiver')).map((line) => line.message);
      expect(messages).toContain('Taking over an unfinished webhook event');
    },
  );
});

describe('outbox relay', () => {
  const start = useWebhookLab();
  const tempDir = useTempDir('rtlab-relay-');

  it('delivers, oldest first, the entries a dead process left pending, and marks them sent', async () => {
    const lab = await start();
    const base = Date.now() - 60_000;
    const entries: OutboxDocument[] = Array.from({ length: 40 }, (_, n) => ({
      key: `msg_left_${n}`,
      update: {
        orderId: `ord_left_${n}`,
        status: 'created',
        source: 'webhook',
        eventId: `msg_left_${n}`,
        at: new Date(base + n).toISOString(),
      },
      status: 'pending',
      createdAt: new Date(base + n),
    }));
    // Written in another order than they were created: the relay sends them by creation time.
    await lab.connection.db.collection<OutboxDocument>('outbox').insertMany([...entries].reverse());
    const received = await eventually(
      () => lab.notifications,
      (list) => list.length >= 40,
      10_000,
    );
    expect(received.map((update) => (update as { eventId: string }).eventId)).toEqual(
      entries.map((entry) => entry.key),
    );
    const outbox = lab.connection.db.collection<OutboxDocument>('outbox');
    expect(
      await eventually(
        () => outbox.countDocuments({ status: 'pending' }),
        (count) => count === 0,
      ),
    ).toBe(0);
  });

  it('waits out a MongoDB restart: says so once, then delivers what was written after it came back', async () => {
    const dir = tempDir();
    const logs = createLoggerFactory({ logDir: dir, level: 'debug', console: false });
    const sink = await startSocketIoSink(internalTokenForRelay);
    let mongo = await startMongoLite({ port: 0 });
    const port = mongo.port;
    const connection = await connectMongo({
      url: `mongodb://127.0.0.1:${port}/?directConnection=true`,
      dbName: 'realtime_labs',
      serverSelectionTimeoutMs: 500,
    });
    const relay = startOutboxRelay({
      db: connection.db,
      wsServerUrl: sink.url,
      internalToken: internalTokenForRelay,
      logger: logs.forService('relay'),
      pollIntervalMs: 50,
      graceMs: 0,
    });
    try {
      const lines = () => readRelayLog(dir);
      await mongo.stop();
      await eventually(
        lines,
        (list) => list.includes('Outbox relay cannot reach MongoDB; notifications wait in the outbox'),
        10_000,
      );
      mongo = await startMongoLite({ port });
      await eventually(lines, (list) => list.includes('Outbox relay reached MongoDB again'), 10_000);
      await writeOutboxEntry(
        connection.db,
        {
          orderId: 'ord_back',
          status: 'created',
          source: 'webhook',
          eventId: 'msg_back',
          at: new Date().toISOString(),
        },
        new Date(Date.now() - 1000),
      );
      const received = await eventually(
        () => sink.updates,
        (list) => list.length === 1,
        10_000,
      );
      expect(received).toEqual([expect.objectContaining({ eventId: 'msg_back' })]);
      // Polled every 50 ms through the outage, and yet one line for it.
      expect((await lines()).filter((line) => line.startsWith('Outbox relay cannot reach MongoDB'))).toHaveLength(1);
    } finally {
      await relay.stop();
      await sink.stop();
      await connection.close();
      await mongo.stop();
      logs.close();
    }
  });
});

const internalTokenForRelay = 'internal-token-for-relay-tests-0123456789';

function readRelayLog(dir: string): string[] {
  try {
    return readFileSync(path.join(dir, 'relay.log'), 'utf8')
      .split('\n')
      .slice(0, -1)
      .map((line) => (JSON.parse(line) as { message: string }).message);
  } catch {
    return [];
  }
}
