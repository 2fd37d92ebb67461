import { describe, expect, it } from 'vitest';
import { buildWebhookHeaders, signWebhook } from '../../src/services/webhooks/signing/sign-webhook.js';
import { eventually, testSecret, useWebhookLab, type WebhookLab } from '../helpers/webhook-lab.js';

const orderCreated = (orderId: string) =>
  JSON.stringify({
    type: 'order.created',
    data: {
      orderId,
      customer: { email: 'ana@example.com', name: 'Ana' },
      items: [{ sku: 'A1', name: 'Keyboard', quantity: 2, unitPrice: 10.5 }],
      currency: 'EUR',
    },
    createdAt: new Date().toISOString(),
  });

async function deliver(
  lab: WebhookLab,
  body: string,
  headers: Record<string, string>,
  contentType = 'application/json',
) {
  const response = await fetch(lab.receiver.url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    retryAfter: response.headers.get('retry-after'),
  };
}

function signed(
  body: string,
  id = `msg_${Math.random().toString(36).slice(2)}`,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return { ...buildWebhookHeaders({ id, timestamp, body, secret: testSecret }) } as Record<string, string>;
}

describe('webhooks receiver', () => {
  const start = useWebhookLab();

  it('verifies, stores, handles and publishes an order.created event', async () => {
    const lab = await start();
    const body = orderCreated('ord_1');
    const reply = await deliver(lab, body, signed(body, 'msg_created_1'));
    expect(reply).toMatchObject({ status: 202, json: { status: 'accepted', id: 'msg_created_1' } });
    const event = await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_created_1' });
    expect(event).toMatchObject({ type: 'order.created', status: 'processed', handlings: 1 });
    const order = await lab.connection.db.collection('orders').findOne({ orderId: 'ord_1' });
    expect(order).toMatchObject({ status: 'created', source: 'webhook', total: 21, customerEmail: 'ana@example.com' });
    const notifications = await eventually(
      () => lab.notifications,
      (list) => list.length === 1,
    );
    expect(notifications).toEqual([
      { orderId: 'ord_1', status: 'created', source: 'webhook', eventId: 'msg_created_1', at: expect.any(String) },
    ]);
    const messages = (await lab.logMessages('webhooks-receiver')).map((line) => line.message);
    expect(messages).toContain('Handling order.created event');
    expect(messages).toContain('Emitting WebSocket notification');
  });

  type Rejection = readonly [
    string,
    (body: string) => { body?: string; headers?: Record<string, string>; contentType?: string },
    number,
    string,
  ];
  const rejections: Rejection[] = [
    [
      'a tampered body',
      (body) => ({ headers: signed(body), body: body.replace('Ana', 'Eve') }),
      401,
      'signature_mismatch',
    ],
    [
      'a re-serialised body',
      (body) => ({ headers: signed(body), body: JSON.stringify(JSON.parse(body), null, 2) }),
      401,
      'signature_mismatch',
    ],
    ...(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const).flatMap((name) => [
      [
        `no ${name} header`,
        (body: string) => ({
          headers: Object.fromEntries(Object.entries(signed(body)).filter(([key]) => key !== name)),
        }),
        400,
        'missing_headers',
      ] as const,
      [
        `an empty ${name} header`,
        (body: string) => ({ headers: { ...signed(body), [name]: '' } }),
        400,
        'missing_headers',
      ] as const,
    ]),
    [
      'a timestamp 301 s old',
      (body) => ({ headers: signed(body, 'msg_old', Math.floor(Date.now() / 1000) - 301) }),
      401,
      'timestamp_too_old',
    ],
    [
      'a timestamp 301 s ahead',
      (body) => ({ headers: signed(body, 'msg_ahead', Math.floor(Date.now() / 1000) + 301) }),
      401,
      'timestamp_in_future',
    ],
    ...['1614265330abc', '1.6e9', '-1'].map(
      (timestamp) =>
        [
          `the timestamp ${timestamp}`,
          (body: string) => ({ headers: { ...signed(body), 'webhook-timestamp': timestamp } }),
          401,
          'invalid_timestamp',
        ] as const,
    ),
    ['an id of 256 characters', (body) => ({ headers: signed(body, 'm'.repeat(256)) }), 401, 'invalid_id'],
    // A tab is the one control character HTTP lets through in a header value.
    [
      'an id with a control character',
      (body) => ({ headers: { ...signed(body), 'webhook-id': 'msg\tx' } }),
      401,
      'invalid_id',
    ],
    [
      'a truncated signature',
      (body) => ({
        headers: { ...signed(body), 'webhook-signature': signed(body)['webhook-signature']!.slice(0, 12) },
      }),
      401,
      'signature_mismatch',
    ],
    [
      'a signature that is not base64',
      (body) => ({ headers: { ...signed(body), 'webhook-signature': 'v1,@@@' } }),
      401,
      'invalid_signature_header',
    ],
    [
      'a signature of an unknown version',
      (body) => ({
        headers: { ...signed(body), 'webhook-signature': signed(body)['webhook-signature']!.replace('v1,', 'v2,') },
      }),
      401,
      'signature_mismatch',
    ],
    [
      'an oversized body',
      () => {
        const big = JSON.stringify({
          type: 'order.created',
          data: { pad: 'x'.repeat(300_000) },
          createdAt: new Date().toISOString(),
        });
        return { body: big, headers: signed(big) };
      },
      413,
      'payload_too_large',
    ],
    [
      'a wrong content type',
      (body) => ({ headers: signed(body), contentType: 'text/plain' }),
      415,
      'unsupported_media_type',
    ],
    [
      'invalid JSON',
      () => ({ body: '{"type": "order.created",', headers: signed('{"type": "order.created",') }),
      400,
      'invalid_json',
    ],
    [
      'a body that is not an event',
      () => {
        const bad = JSON.stringify({ type: 'created', data: [], createdAt: 'yesterday' });
        return { body: bad, headers: signed(bad) };
      },
      422,
      'invalid_event',
    ],
  ];

  it.each(rejections)(
    'refuses %s with the right status, stores nothing and keeps serving',
    async (_name, make, status, reason) => {
      const lab = await start();
      const body = orderCreated('ord_rejected');
      const request = make(body);
      const reply = await deliver(lab, request.body ?? body, request.headers ?? signed(body), request.contentType);
      expect(reply.status).toBe(status);
      expect(reply.json['error']).toBe(reason);
      expect(JSON.stringify(reply.json)).not.toContain('ord_rejected');
      expect(await lab.connection.db.collection('webhook_events').countDocuments()).toBe(0);
      expect(await lab.connection.db.collection('orders').countDocuments()).toBe(0);
      const warnings = (await lab.logMessages('webhooks-receiver')).filter((line) => line.level === 'warn');
      expect(warnings).toEqual([expect.objectContaining({ message: 'Rejected webhook', reason, status })]);
      const good = orderCreated('ord_after');
      expect((await deliver(lab, good, signed(good))).status).toBe(202);
    },
  );

  it('accepts a delivery signed with a previous secret during a rotation', async () => {
    const lab = await start({ secrets: ['the-new-secret-value', testSecret] });
    const body = orderCreated('ord_rotated');
    const headers = {
      ...signed(body),
      'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} ${signWebhook({ id: 'msg_rot', timestamp: Math.floor(Date.now() / 1000), body, secret: testSecret })}`,
      'webhook-id': 'msg_rot',
    };
    expect((await deliver(lab, body, headers, 'application/json; charset=utf-8')).status).toBe(202);
  });

  it('handles 20 concurrent deliveries of one id exactly once', async () => {
    const lab = await start();
    const body = orderCreated('ord_once');
    const headers = signed(body, 'msg_concurrent');
    const replies = await Promise.all(Array.from({ length: 20 }, () => deliver(lab, body, headers)));
    expect(replies.filter((reply) => reply.status === 202)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 200 && reply.json['status'] === 'duplicate')).toHaveLength(19);
    expect(await lab.connection.db.collection('webhook_events').countDocuments({ eventId: 'msg_concurrent' })).toBe(1);
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_concurrent' })).toMatchObject({
      handlings: 1,
    });
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(1);
    expect(
      (await lab.logMessages('webhooks-receiver')).filter((line) => line.message === 'Handling order.created event'),
    ).toHaveLength(1);
  });

  it('keeps the first body when an id is reused with another body, and warns', async () => {
    const lab = await start();
    const first = orderCreated('ord_first');
    const second = orderCreated('ord_second');
    await deliver(lab, first, signed(first, 'msg_reused'));
    const reply = await deliver(lab, second, signed(second, 'msg_reused'));
    expect(reply).toMatchObject({ status: 200, json: { status: 'duplicate', id: 'msg_reused' } });
    expect(await lab.connection.db.collection('orders').countDocuments({ orderId: 'ord_second' })).toBe(0);
    expect((await lab.logMessages('webhooks-receiver')).map((line) => line.message)).toContain(
      'Webhook id reused with a different body; kept the first one',
    );
  });

  it('marks an invalid transition failed, and handles the event again when it is delivered again', async () => {
    const lab = await start();
    const paid = JSON.stringify({
      type: 'order.paid',
      data: { orderId: 'ord_late' },
      createdAt: new Date().toISOString(),
    });
    expect((await deliver(lab, paid, signed(paid, 'msg_paid'))).status).toBe(202);
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_paid' })).toMatchObject({
      status: 'failed',
      error: 'Order ord_late does not exist',
    });
    const created = orderCreated('ord_late');
    await deliver(lab, created, signed(created));
    expect((await deliver(lab, paid, signed(paid, 'msg_paid'))).status).toBe(202);
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_paid' })).toMatchObject({
      status: 'processed',
      handlings: 2,
    });
    expect(await lab.connection.db.collection('orders').findOne({ orderId: 'ord_late' })).toMatchObject({
      status: 'paid',
    });
    const shipped = JSON.stringify({
      type: 'order.cancelled',
      data: { orderId: 'ord_late' },
      createdAt: new Date().toISOString(),
    });
    await deliver(lab, shipped, signed(shipped, 'msg_cancel'));
    const ship = JSON.stringify({
      type: 'order.shipped',
      data: { orderId: 'ord_late' },
      createdAt: new Date().toISOString(),
    });
    await deliver(lab, ship, signed(ship, 'msg_ship'));
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_ship' })).toMatchObject({
      status: 'failed',
      error: 'Cannot move order ord_late from cancelled to shipped',
    });
  });

  it('fails an order.created whose text holds control or bidi characters, as gRPC refuses them, and stores no order', async () => {
    const lab = await start();
    const hostile = JSON.parse(orderCreated('ord_hostile')) as { data: { customer: { name: string } } };
    hostile.data.customer.name = 'Ana\u001b[2J\u202Egnp.exe';
    const body = JSON.stringify(hostile);
    expect((await deliver(lab, body, signed(body, 'msg_hostile'))).status).toBe(202);
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_hostile' })).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('name must not contain control characters'),
    });
    expect(await lab.connection.db.collection('orders').countDocuments({ orderId: 'ord_hostile' })).toBe(0);
  });

  it('stores and acknowledges an event type without a handler', async () => {
    const lab = await start();
    const body = JSON.stringify({ type: 'customer.updated', data: { id: 'c1' }, createdAt: new Date().toISOString() });
    expect((await deliver(lab, body, signed(body, 'msg_unknown'))).status).toBe(202);
    expect(await lab.connection.db.collection('webhook_events').findOne({ eventId: 'msg_unknown' })).toMatchObject({
      status: 'processed',
    });
    expect((await lab.logMessages('webhooks-receiver')).map((line) => line.message)).toContain(
      'No handler for customer.updated',
    );
  });

  it('answers 503 with Retry-After while MongoDB is down, and reports not ready', async () => {
    const lab = await start();
    await lab.mongo.stop();
    const body = orderCreated('ord_down');
    const reply = await deliver(lab, body, signed(body));
    expect(reply.status).toBe(503);
    expect(reply.retryAfter).toBe('15');
    expect(reply.json).toEqual({ error: 'database_unavailable', message: 'MongoDB is unreachable; retry later' });
    const base = lab.receiver.url.replace('/webhooks', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });
});
