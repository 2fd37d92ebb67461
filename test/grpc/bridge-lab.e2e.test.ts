import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { startGrpcBridge } from '../../src/services/grpc/bridge/start-grpc-bridge.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { useServedLab, useServedLabDatabase } from '../helpers/served-lab.js';

const quiet = createLoggerFactory({ logDir: '/tmp/rtlab-test-logs-unused', level: 'error', console: false });

/** An order as POST /orders takes it. */
function orderBody(email: string): string {
  return JSON.stringify({
    customerEmail: email,
    currency: 'USD',
    items: [{ sku: 'CB-01', name: 'Cable', quantity: 3, unitPriceCents: 799 }],
  });
}

/** A token with only `scope`, signed with the lab's JWT_SECRET (read from the .env the lab wrote). */
function tokenWithScope(cwd: string, scope: string): string {
  const secret = /^JWT_SECRET=(.*)$/m.exec(readFileSync(path.join(cwd, '.env'), 'utf8'))![1]!;
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ scope, exp: Math.floor(Date.now() / 1000) + 300 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('rtlab serve grpc-bridge in front of rtlab serve grpc-server', () => {
  const lab = useServedLab(['grpc-server', 'grpc-bridge'], ['GRPC_PORT', 'GRPC_BRIDGE_PORT', 'MONGO_PORT', 'WS_PORT']);
  const database = useServedLabDatabase(lab);
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  const bridgeUrl = () => `http://127.0.0.1:${lab().env['GRPC_BRIDGE_PORT']}`;
  const post = (body: string) =>
    fetch(`${bridgeUrl()}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const patchStatus = (id: string, status: string) =>
    fetch(`${bridgeUrl()}/orders/${id}/status`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status }),
    });

  it('creates, reads, lists and moves orders over REST, with gRPC refusals as HTTP statuses', async () => {
    const created = await post(orderBody('rest@example.com'));
    expect(created.status).toBe(201);
    const order = (await created.json()) as { id: string };
    expect(order).toMatchObject({
      id: expect.stringMatching(/^ord_/),
      totalCents: 2397,
      status: 'CREATED',
      source: 'HTTP',
    });
    expect(await database().collection('orders').findOne({ orderId: order.id })).toMatchObject({
      customerEmail: 'rest@example.com',
      source: 'http',
    });
    expect(await (await fetch(`${bridgeUrl()}/orders/${order.id}`)).json()).toEqual(order);

    const listed = (await (await fetch(`${bridgeUrl()}/orders?customerEmail=rest@example.com`)).json()) as unknown[];
    expect(listed).toEqual([order]);
    const ndjson = await fetch(`${bridgeUrl()}/orders?customerEmail=rest@example.com`, {
      headers: { accept: 'application/x-ndjson' },
    });
    expect(
      (await ndjson.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([order]);

    const paid = await patchStatus(order.id, 'paid');
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ id: order.id, status: 'PAID' });
    const backwards = await patchStatus(order.id, 'CREATED');
    expect(backwards.status).toBe(409);
    expect(await backwards.json()).toMatchObject({ error: 'failed_precondition' });

    const missing = await fetch(`${bridgeUrl()}/orders/ord_nothing_here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: 'not_found',
      message: expect.stringContaining('ord_nothing_here'),
    });

    const invalid = await post(JSON.stringify({ customerEmail: 'nope', currency: 'USD', items: [] }));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: 'invalid_argument',
      issues: expect.arrayContaining([
        expect.objectContaining({ path: 'customer_email' }),
        expect.objectContaining({ path: 'items' }),
      ]),
    });
    expect(await database().collection('orders').countDocuments({ customerEmail: 'nope' })).toBe(0);
  }, 60_000);

  it('answers 401 when the server refuses its token and 403 when the token lacks orders:write', async () => {
    const target = `127.0.0.1:${lab().env['GRPC_PORT']}`;
    const wrongSecret = await startGrpcBridge({
      port: 0,
      target,
      auth: { secret: 'not-the-lab-secret-0123456789' },
      logger: quiet.forService('grpc-bridge'),
    });
    stops.push(wrongSecret.stop);
    const refused = await fetch(`${wrongSecret.url}/orders/ord_any`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'unauthenticated' });

    const readOnly = await startGrpcBridge({
      port: 0,
      target,
      auth: { token: tokenWithScope(lab().cwd, 'orders:read') },
      logger: quiet.forService('grpc-bridge'),
    });
    stops.push(readOnly.stop);
    const forbidden = await fetch(`${readOnly.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: orderBody('reader@example.com'),
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: 'permission_denied' });
    expect((await fetch(`${readOnly.url}/orders?limit=1`)).status).toBe(200);
  }, 60_000);

  it('streams a change made through gRPC to an open /orders/watch as a Server-Sent Event', async () => {
    const order = (await (await post(orderBody('watched@example.com'))).json()) as { id: string };
    const leaving = new AbortController();
    const response = await fetch(`${bridgeUrl()}/orders/watch`, { signal: leaving.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = '';
    // The stream is open once its first comment arrives; the change is made after that.
    while (!received.includes('\n\n')) received += new TextDecoder().decode((await reader.read()).value);
    const moved = await runRtlab(['grpc', 'update-status', order.id, 'SHIPPED'], lab());
    expect(moved.code).toBe(1);
    expect((await runRtlab(['grpc', 'update-status', order.id, 'PAID'], lab())).code).toBe(0);
    const events = () =>
      received
        .split('\n\n')
        .filter((block) => block.startsWith('event: order-change'))
        .map(
          (block) =>
            JSON.parse(
              block
                .split('\n')
                .find((line) => line.startsWith('data: '))!
                .slice(6),
            ) as Record<string, unknown>,
        );
    while (!events().some((event) => event['orderId'] === order.id && event['status'] === 'PAID'))
      received += new TextDecoder().decode((await reader.read()).value);
    expect(events().find((event) => event['orderId'] === order.id && event['status'] === 'PAID')).toMatchObject({
      source: 'GRPC',
      order: { id: order.id, customerEmail: 'watched@example.com' },
    });
    leaving.abort();
  }, 60_000);
});
