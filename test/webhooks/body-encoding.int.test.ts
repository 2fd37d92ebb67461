import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebhookHeaders } from '../../src/services/webhooks/signing/sign-webhook.js';
import { startLabSender } from '../helpers/lab-sender.js';
import { testSecret, useWebhookLab, type WebhookLab } from '../helpers/webhook-lab.js';
import { orderCreatedBody } from './deliver-signed.js';

/** Signed over the JSON text (what the sender signs), sent with the given Content-Encoding. */
async function deliverEncoded(lab: WebhookLab, id: string, json: string, encoding: string, wire: Buffer | string) {
  const headers = buildWebhookHeaders({ id, timestamp: Math.floor(Date.now() / 1000), body: json, secret: testSecret });
  const response = await fetch(lab.receiver.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': encoding, ...headers },
    body: wire,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const corruptGzip = Buffer.concat([
  gzipSync('{"type":"order.created"}').subarray(0, 12),
  Buffer.from('not gzip at all'),
]);

describe('request bodies with a Content-Encoding', () => {
  const start = useWebhookLab();

  it.each([
    ['an unsupported encoding', 'x-foo', 415, 'unsupported_encoding'],
    ['a corrupt gzip body', 'gzip', 400, 'unreadable_body'],
  ] as const)(
    'the receiver refuses %s with a 4xx, logs a warning and keeps serving',
    async (_name, encoding, status, reason) => {
      const lab = await start();
      const json = orderCreatedBody('ord_refused');
      const wire = encoding === 'gzip' ? corruptGzip : json;
      const reply = await deliverEncoded(lab, 'msg_refused', json, encoding, wire);
      expect([reply.status, reply.json['error']]).toEqual([status, reason]);
      expect(await lab.connection.db.collection('webhook_events').countDocuments()).toBe(0);
      const lines = await lab.logMessages('webhooks-receiver');
      expect(lines.filter((line) => line.level === 'error')).toEqual([]);
      const warnings = lines.filter((line) => line.level === 'warn');
      expect(warnings).toEqual([expect.objectContaining({ message: 'Rejected webhook', reason, status })]);
      expect(warnings[0]).not.toHaveProperty('stack');

      const good = orderCreatedBody('ord_after');
      expect((await deliverEncoded(lab, 'msg_after', good, 'identity', good)).status).toBe(202);
      expect(await lab.connection.db.collection('orders').countDocuments({ orderId: 'ord_after' })).toBe(1);
    },
  );

  it('the receiver accepts a valid gzip body and stores its event', async () => {
    const lab = await start();
    const json = orderCreatedBody('ord_gzipped');
    const reply = await deliverEncoded(lab, 'msg_gzipped', json, 'gzip', gzipSync(json));
    expect(reply.status).toBe(202);
    expect(await lab.connection.db.collection('webhook_events').countDocuments({ eventId: 'msg_gzipped' })).toBe(1);
  });

  describe('the sender', () => {
    const stops: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop();
    });

    it('refuses an unsupported encoding with 415 and a corrupt gzip body with 400, then sends a gzip body', async () => {
      const lab = await start();
      const sender = await startLabSender(lab, stops, 'debug');
      const post = async (encoding: string, body: Buffer | string) => {
        const response = await fetch(`${sender.url}/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body,
        });
        return [response.status, ((await response.json()) as Record<string, unknown>)['error']];
      };
      const { createdAt: _sentNow, ...event } = JSON.parse(orderCreatedBody('ord_sent_gzipped')) as Record<
        string,
        unknown
      >;
      const json = JSON.stringify(event);
      expect(await post('x-foo', json)).toEqual([415, 'unsupported_encoding']);
      expect(await post('gzip', corruptGzip)).toEqual([400, 'unreadable_body']);
      expect(await post('gzip', gzipSync(json))).toEqual([200, undefined]);
      expect(await lab.connection.db.collection('orders').countDocuments({ orderId: 'ord_sent_gzipped' })).toBe(1);
      const lines = (await lab.logMessages('webhooks-sender')).filter(
        (line) => line.level !== 'debug' && line.level !== 'info',
      );
      expect(lines).toEqual([
        expect.objectContaining({ level: 'warn', status: 415, reason: 'unsupported_encoding' }),
        expect.objectContaining({ level: 'warn', status: 400, reason: 'unreadable_body' }),
      ]);
    });
  });
});
