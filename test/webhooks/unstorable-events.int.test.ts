import { describe, expect, it } from 'vitest';
import { isRefusedDocument, WriteBatcher } from '../../src/mongo/write-batcher.js';
import { eventually, useWebhookLab } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from './deliver-signed.js';

/** A JSON text nested `levels` deep with `open`/`close` brackets around a leaf. */
const nested = (levels: number, open: string, close: string) => `${open.repeat(levels)}1${close.repeat(levels)}`;
const orderCreatedWith = (orderId: string, rawExtra: string) =>
  orderCreatedBody(orderId).replace('"currency"', `${rawExtra},"currency"`);

/** The instances among 500 valid deliveries; instances of our own among 100 (the class, at a lighter load). */
const unstorable: ReadonlyArray<readonly [string, string, RegExp, number]> = [
  ['a NUL inside a JSON key (the issue)', orderCreatedWith('ord_bad', '"meta":{"a\\u0000b":1}'), /NUL/, 500],
  [
    'a 6,000-level-deep event (the issue)',
    orderCreatedWith('ord_bad', `"deep":${nested(6000, '{"a":', '}')}`),
    /nested more than 99 levels/,
    500,
  ],
  ['a NUL key inside an array element', orderCreatedWith('ord_bad', '"tags":[{"ok":1},{"x\\u0000":2}]'), /NUL/, 100],
  [
    'arrays nested 101 deep',
    orderCreatedWith('ord_bad', `"grid":${nested(101, '[', ']')}`),
    /nested more than 99 levels/,
    100,
  ],
];

describe('one bad event among many concurrent deliveries', () => {
  const start = useWebhookLab();

  it.each(unstorable)(
    'refuses %s with 422 and the reason, and only that one',
    async (_name, badBody, reason, validCount) => {
      const lab = await start();
      const valid = Array.from({ length: validCount }, (_, n) =>
        deliverSigned(lab.receiver.url, `msg_ok_${n}`, orderCreatedBody(`ord_ok_${n}`)),
      );
      const bad = deliverSigned(lab.receiver.url, 'msg_bad', badBody);
      const replies = await Promise.all(valid);
      const badReply = await bad;
      expect(badReply.status).toBe(422);
      expect(badReply.json).toMatchObject({ error: 'unstorable_event', message: expect.stringMatching(reason) });
      expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 202));
      const db = lab.connection.db;
      expect(await db.collection('webhook_events').countDocuments({ status: 'processed', handlings: 1 })).toBe(
        validCount,
      );
      expect(await db.collection('webhook_events').countDocuments({ eventId: 'msg_bad' })).toBe(0);
      expect(await db.collection('orders').countDocuments()).toBe(validCount);
      const notified = await eventually(
        () => lab.notifications.length,
        (count) => count >= validCount,
        20_000,
      );
      expect(notified).toBeGreaterThanOrEqual(validCount);
      // The refusal is final: the same event again gets the same answer, and the receiver still serves.
      expect((await deliverSigned(lab.receiver.url, 'msg_bad', badBody)).status).toBe(422);
      expect((await deliverSigned(lab.receiver.url, 'msg_after', orderCreatedBody('ord_after'))).status).toBe(202);
    },
    60_000,
  );

  it('stores and handles keys MongoDB 5+ accepts: $-prefixed and dotted names inside the data', async () => {
    const lab = await start();
    const reply = await deliverSigned(
      lab.receiver.url,
      'msg_dollar',
      orderCreatedWith('ord_dollar', '"meta":{"$set":{"a.b":1},"x.y":[{"$in":2}]}'),
    );
    expect(reply.status).toBe(202);
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_dollar' })).toMatchObject({
      status: 'processed',
      payload: { data: { meta: { $set: { 'a.b': 1 } } } },
    });
  });
});

describe('WriteBatcher', () => {
  const start = useWebhookLab();

  it('fails only the writes MongoDB or the driver refuse, and stores every other write of the batch once', async () => {
    const lab = await start();
    const batcher = new WriteBatcher(lab.connection.db);
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 6000; level++) deep = { a: deep };
    const writes = [
      ...Array.from({ length: 50 }, (_, n) => ({ name: `ok_${n}`, document: { name: `ok_${n}` } })),
      // Refused by the BSON serializer before anything is sent.
      { name: 'nul', document: { name: 'nul', 'a\u0000b': 1 } },
      // Sent, and refused by the server as a whole batch without a per-write error.
      { name: 'deep', document: { name: 'deep', deep } },
      ...Array.from({ length: 50 }, (_, n) => ({ name: `ok_${50 + n}`, document: { name: `ok_${50 + n}` } })),
    ];
    const outcomes = await Promise.allSettled(
      writes.map((write) => batcher.insertOne('batcher_probe', write.document)),
    );
    const fulfilled = writes.filter((_, index) => outcomes[index]!.status === 'fulfilled').map((write) => write.name);
    expect(fulfilled).toEqual(
      expect.arrayContaining(writes.filter((write) => write.name.startsWith('ok_')).map((write) => write.name)),
    );
    expect(fulfilled).not.toContain('nul');
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(isRefusedDocument(outcome.reason)).toBe(true);
    // Each caller was told the truth: what resolved is stored once, what was refused is not stored
    // (the embedded engine sometimes keeps the deep document although it reports an error: then it is resolved).
    const stored = await lab.connection.db
      .collection('batcher_probe')
      .find({}, { projection: { name: 1 } })
      .toArray();
    expect(stored.map((document) => document['name']).sort()).toEqual(fulfilled.sort());
  });
});
