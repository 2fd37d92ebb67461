import { describe, expect, it } from 'vitest';
import type { OrderUpdate } from '../../src/lab-events.js';
import type { OutboxDocument } from '../../src/mongo/lab-documents.js';
import { writeOutboxEntry } from '../../src/mongo/outbox-store.js';
import { startOutboxRelay } from '../../src/services/ws/start-outbox-relay.js';
import { recordingLogger } from '../helpers/internal-peer.js';
import { eventually, useWebhookLab } from '../helpers/webhook-lab.js';
import { internalToken, useWsLab } from '../helpers/ws-lab.js';
import { deliverSigned, orderCreatedBody } from './deliver-signed.js';

const orderPaidBody = (orderId: string) =>
  JSON.stringify({ type: 'order.paid', data: { orderId }, createdAt: new Date().toISOString() });

/** Order ids the ws-server refuses: the two, then instances of our own (look-alikes, an invisible-only id, a terminal command). */
const refusedIds: ReadonlyArray<readonly [string, string, (orderId: string) => string, RegExp]> = [
  ['a NUL (the issue)', 'ord\u0000x', orderCreatedBody, /must not contain control characters/],
  ['a bidi override (the issue)', 'ord\u202Ex', orderCreatedBody, /must not contain control characters/],
  ['a zero-width space', 'ord\u200Bx', orderCreatedBody, /must not contain control characters/],
  ['a line separator (U+2028)', 'ord\u2028x', orderCreatedBody, /must not contain control characters/],
  ['only invisible characters', '\u200B\u2800', orderCreatedBody, /must not be empty/],
  ['an escape sequence, in an order.paid', 'ord\u001b[2J', orderPaidBody, /must not contain control characters/],
  ['101 characters', `ord${'x'.repeat(98)}`, orderPaidBody, /must be at most 100 characters/],
];

describe('events whose order id the ws-server would refuse', () => {
  const start = useWebhookLab();

  it.each(refusedIds)(
    'refuses an order id with %s: 422 naming the field and the rule, nothing stored, and keeps serving',
    async (_name, orderId, body, rule) => {
      const lab = await start();
      const reply = await deliverSigned(lab.receiver.url, 'msg_bad_id', body(orderId));
      expect(reply.status).toBe(422);
      expect(reply.json).toEqual({
        error: 'unstorable_event',
        field: 'data.orderId',
        message: expect.stringMatching(/^data\.orderId: orderId /),
      });
      expect(reply.json['message']).toMatch(rule);
      // Refused before the claim: a second delivery of the same id gets the same answer, not `200 duplicate`.
      expect((await deliverSigned(lab.receiver.url, 'msg_bad_id', body(orderId))).status).toBe(422);
      const valid = await deliverSigned(lab.receiver.url, 'msg_after', orderCreatedBody('ord_after'));
      expect(valid).toMatchObject({ status: 202, json: { status: 'accepted', id: 'msg_after' } });
      const db = lab.connection.db;
      expect(
        await db
          .collection('webhook_events')
          .find({}, { projection: { _id: 0, eventId: 1, status: 1 } })
          .toArray(),
      ).toEqual([{ eventId: 'msg_after', status: 'processed' }]);
      expect(await db.collection('orders').distinct('orderId')).toEqual(['ord_after']);
      expect(await db.collection('webhook_events').distinct('outbox.update.eventId')).toEqual(['msg_after']);
      const notified = await eventually(
        () => lab.notifications as Array<{ orderId: string }>,
        (updates) => updates.length >= 1,
      );
      expect(notified.map((update) => update.orderId)).toEqual(['ord_after']);
      const rejections = (await lab.logMessages('webhooks-receiver')).filter(
        (line) => line.message === 'Rejected webhook',
      );
      expect(rejections).toEqual([
        expect.objectContaining({ reason: 'unstorable_event', status: 422 }),
        expect.objectContaining({ reason: 'unstorable_event', status: 422 }),
      ]);
    },
  );

  it('keeps accepting ids the ws-server accepts: joiners, non-Latin letters and spaces inside', async () => {
    const lab = await start();
    for (const [n, orderId] of ['ord-👩‍💻', 'سفارش\u200C۱', 'ord 7'].entries()) {
      expect(
        (await deliverSigned(lab.receiver.url, `msg_ok_${n}`, orderCreatedBody(orderId))).status,
        JSON.stringify(orderId),
      ).toBe(202);
    }
    const notified = await eventually(
      () => lab.notifications as Array<{ orderId: string }>,
      (updates) => updates.length >= 3,
    );
    expect(notified.map((update) => update.orderId).sort()).toEqual(['ord-👩‍💻', 'سفارش\u200C۱', 'ord 7'].sort());
  });
});

describe('the outbox relay, for an entry the ws-server refuses for good', () => {
  const start = useWsLab();
  const update = (orderId: string, eventId: string): OrderUpdate => ({
    orderId,
    status: 'created',
    source: 'webhook',
    eventId,
    at: '2026-11-29T10:00:00.000Z',
  });

  it('logs an error naming the event, marks the entry refused (not sent), and delivers the entries after it', async () => {
    const lab = await start();
    const db = lab.connection.db;
    // Left in the outbox by a receiver from before the check above (or any other writer).
    const past = Date.now() - 60_000;
    await writeOutboxEntry(db, update('ord\u202Ex', 'msg_refused'), new Date(past));
    await writeOutboxEntry(db, update('ord_ok', 'msg_ok'), new Date(past + 1));
    const { logger, lines } = recordingLogger();
    const relay = startOutboxRelay({
      db,
      wsServerUrl: lab.server.url,
      internalToken,
      logger,
      pollIntervalMs: 20,
      graceMs: 0,
    });
    try {
      const outbox = () =>
        db
          .collection<OutboxDocument>('outbox')
          .find({}, { sort: { key: 1 }, projection: { _id: 0, key: 1, status: 1, refusedReason: 1 } })
          .toArray();
      const settled = await eventually(
        outbox,
        (entries) => entries.every((entry) => entry.status !== 'pending'),
        10_000,
      );
      expect(settled).toEqual([
        { key: 'msg_ok', status: 'sent' },
        {
          key: 'msg_refused',
          status: 'refused',
          refusedReason: 'orderId: orderId must not contain control characters',
        },
      ]);
      expect(lines.filter((line) => line.level === 'error')).toEqual([
        {
          level: 'error',
          message: 'ws-server refused a notification for good; it will never be published',
          meta: {
            eventId: 'msg_refused',
            orderId: 'ord\u202Ex',
            reason: 'orderId: orderId must not contain control characters',
          },
        },
      ]);
      expect(await db.collection('notifications').distinct('eventId')).toEqual(['msg_ok']);
    } finally {
      await relay.stop();
    }
  });
});
