import { describe, expect, it } from 'vitest';
import { useWebhookLab } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from './deliver-signed.js';

const orderPaidBody = (orderId: string) =>
  JSON.stringify({ type: 'order.paid', data: { orderId }, createdAt: new Date().toISOString() });

/**
 * A lone surrogate (`"\ud800"` in JSON: valid JSON, not valid Unicode) has no UTF-8 form: stored,
 * it would become U+FFFD, so `cs\ud800`, `cs\udc00` and `cs\ufffd` would all be one order.
 * (JSON.stringify writes lone surrogates as `\u` escapes: the bodies below are ASCII on the wire.)
 */
describe('events holding strings that are not well-formed UTF-16', () => {
  const start = useWebhookLab();

  it('refuses each with 422 and the reason, and changes no other order (the attack: two ids, one order)', async () => {
    const lab = await start();
    const db = lab.connection.db;
    expect((await deliverSigned(lab.receiver.url, 'msg_real', orderCreatedBody('cs\ufffd'))).status).toBe(202);
    const refused: ReadonlyArray<readonly [string, string, string]> = [
      ['msg_a', orderCreatedBody('cs\ud800'), 'data.orderId'],
      ['msg_b', orderCreatedBody('cs\udc00'), 'data.orderId'],
      ['msg_b_paid', orderPaidBody('cs\udc00'), 'data.orderId'],
      [
        'msg_email',
        orderCreatedBody('ord_email', { customer: { email: 'a\udbff@b.co', name: 'A' } }),
        'data.customer.email',
      ],
      ['msg_key', orderCreatedBody('ord_key', { meta: { ['k\udc00']: 1 } }), 'data.meta.k'],
    ];
    for (const [id, body, field] of refused) {
      const reply = await deliverSigned(lab.receiver.url, id, body);
      expect(reply.status, id).toBe(422);
      expect(reply.json, id).toMatchObject({
        error: 'unstorable_event',
        message: expect.stringMatching(/lone UTF-16 surrogate, which MongoDB cannot store faithfully/),
      });
      expect(reply.json['message'], id).toContain(field);
    }
    expect(
      await db
        .collection('orders')
        .find({}, { projection: { _id: 0, orderId: 1, status: 1 } })
        .toArray(),
    ).toEqual([{ orderId: 'cs\ufffd', status: 'created' }]);
    expect(await db.collection('webhook_events').distinct('eventId')).toEqual(['msg_real']);
    // Well-formed pairs (an emoji) are ordinary text, and the receiver keeps serving.
    expect((await deliverSigned(lab.receiver.url, 'msg_pair', orderCreatedBody('cs\ud83d\ude00'))).status).toBe(202);
  });
});
