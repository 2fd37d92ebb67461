import { Metadata, status, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { startGrpcBridge, type StartedGrpcBridge } from '../../src/services/grpc/bridge/start-grpc-bridge.js';
import type { GetOrderRequest__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/GetOrderRequest.js';
import type { GetOrdersRequest__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/GetOrdersRequest.js';
import type { Order } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import type { OrderChange } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderChange.js';
import type { WatchOrdersRequest__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/WatchOrdersRequest.js';
import { encodeBadRequestStatus } from '../../src/services/grpc/server/encode-status-details.js';
import { startStubOrderServer } from './stub-order-server.js';

const quiet = createLoggerFactory({ logDir: '/tmp/rtlab-test-logs-unused', level: 'error', console: false });
const order: Order = { id: 'ord_1', customerEmail: 'ana@example.com', currency: 'USD', totalCents: '1999' };

/** The gRPC status a stub GetOrder answers for `ord_<STATUS_NAME>`. */
function failingGetOrder(call: ServerUnaryCall<GetOrderRequest__Output, Order>, callback: sendUnaryData<Order>) {
  const name = call.request.id.replace(/^ord_/, '');
  if (name === 'ok') return callback(null, order);
  const code = status[name as keyof typeof status];
  const metadata = new Metadata();
  if (code === status.INVALID_ARGUMENT)
    metadata.set(
      'grpc-status-details-bin',
      encodeBadRequestStatus(code, 'invalid order', [{ field: 'id', description: 'must start with ord_' }]),
    );
  callback({ code, details: `stub says ${name}`, metadata });
}

describe('the HTTP bridge over a scripted gRPC server', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  async function bridgeTo(handlers: Parameters<typeof startStubOrderServer>[0]): Promise<StartedGrpcBridge> {
    const stub = await startStubOrderServer(handlers);
    stops.push(stub.stop);
    const bridge = await startGrpcBridge({
      port: 0,
      target: stub.target,
      auth: { secret: 'jwt-secret-for-bridge-tests-0123' },
      logger: quiet.forService('grpc-bridge'),
      heartbeatMs: 50,
    });
    stops.push(bridge.stop);
    return bridge;
  }

  it('answers each gRPC status with its HTTP status and a JSON error in the lab’s shape', async () => {
    const bridge = await bridgeTo({ GetOrder: failingGetOrder });
    const expected: Array<[string, number]> = [
      ['INVALID_ARGUMENT', 400],
      ['UNAUTHENTICATED', 401],
      ['PERMISSION_DENIED', 403],
      ['NOT_FOUND', 404],
      ['FAILED_PRECONDITION', 409],
      ['DEADLINE_EXCEEDED', 504],
      ['UNAVAILABLE', 503],
      ['INTERNAL', 502],
    ];
    for (const [name, httpStatus] of expected) {
      const response = await fetch(`${bridge.url}/orders/ord_${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: httpStatus });
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        error: name.toLowerCase(),
        message: `stub says ${name}`,
        grpcCode: status[name as keyof typeof status],
      });
      if (name === 'INVALID_ARGUMENT')
        expect(body['issues']).toEqual([{ path: 'id', message: 'must start with ord_' }]);
    }
    const ok = await fetch(`${bridge.url}/orders/ord_ok`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: 'ord_1', totalCents: 1999, customerEmail: 'ana@example.com' });
  });

  it('refuses bodies it cannot send before calling the server, and requests from web pages', async () => {
    const calls: unknown[] = [];
    const bridge = await bridgeTo({
      CreateOrder: (call: ServerUnaryCall<unknown, Order>, callback: sendUnaryData<Order>) => {
        calls.push(call.request);
        callback(null, order);
      },
    });
    const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      request(`${bridge.url}/orders`, { method: 'POST', headers, body });
    const wrongType = await post('{}', { 'content-type': 'text/plain' });
    expect(wrongType.statusCode).toBe(415);
    expect(await wrongType.body.json()).toMatchObject({ error: 'unsupported_media_type' });
    const notJson = await post('{"customerEmail":');
    expect(notJson.statusCode).toBe(400);
    expect(await notJson.body.json()).toMatchObject({ error: 'invalid_json' });
    const wrongShape = await post('{"customerEmail":"a@example.com","items":"three"}');
    expect(wrongShape.statusCode).toBe(400);
    expect(await wrongShape.body.json()).toMatchObject({ error: 'invalid_body', issues: [{ path: 'items' }] });
    const crossSite = await post('{}', { 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(await crossSite.body.json()).toMatchObject({ error: 'cross_site_request' });
    const rebound = await request(`${bridge.url}/orders`, { headers: { host: `evil.example:${bridge.port}` } });
    expect(rebound.statusCode).toBe(403);
    expect(await rebound.body.json()).toMatchObject({ error: 'foreign_host' });
    expect(calls).toEqual([]);

    const created = await post(
      '{"customer_email":"a@example.com","currency":"USD","items":[{"sku":"A","name":"A","quantity":1,"unit_price_cents":"250"}]}',
    );
    expect(created.statusCode).toBe(201);
    expect(created.headers['location']).toBe('/orders/ord_1');
    expect(calls).toEqual([
      expect.objectContaining({
        customerEmail: 'a@example.com',
        items: [expect.objectContaining({ unitPriceCents: '250' })],
      }),
    ]);
  });

  it("passes an HTTP Idempotency-Key on as the call's idempotency-key, and gives each POST without one its own", async () => {
    const keys: unknown[][] = [];
    const bridge = await bridgeTo({
      CreateOrder: (call: ServerUnaryCall<unknown, Order>, callback: sendUnaryData<Order>) => {
        keys.push(call.metadata.get('idempotency-key'));
        callback(null, order);
      },
    });
    const body =
      '{"customer_email":"a@example.com","currency":"USD","items":[{"sku":"A","name":"A","quantity":1,"unit_price_cents":"250"}]}';
    const post = (headers: Record<string, string>) =>
      request(`${bridge.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    expect((await post({ 'idempotency-key': 'order-form-42' })).statusCode).toBe(201);
    expect((await post({})).statusCode).toBe(201);
    expect((await post({})).statusCode).toBe(201);
    expect(keys[0]).toEqual(['order-form-42']);
    expect(keys.slice(1).map((values) => values.length)).toEqual([1, 1]);
    expect(new Set(keys.map((values) => values[0])).size).toBe(3);
  });

  it('lists orders as a JSON array, or as NDJSON when asked', async () => {
    const bridge = await bridgeTo({
      GetOrders: (call: ServerWritableStream<GetOrdersRequest__Output, Order>) => {
        for (let index = 0; index < call.request.limit; index++) call.write({ ...order, id: `ord_${index}` });
        call.end();
      },
    });
    const array = await fetch(`${bridge.url}/orders?limit=3`);
    expect(array.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await array.json()) as Array<{ id: string }>).map((listed) => listed.id)).toEqual([
      'ord_0',
      'ord_1',
      'ord_2',
    ]);
    const ndjson = await fetch(`${bridge.url}/orders?limit=2`, { headers: { accept: 'application/x-ndjson' } });
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await ndjson.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    expect(lines.map((listed) => listed.id)).toEqual(['ord_0', 'ord_1']);
    const bad = await fetch(`${bridge.url}/orders?status=LOST`);
    expect(bad.status).toBe(400);
  });

  it('streams changes as Server-Sent Events and ends the gRPC call when the HTTP client leaves', async () => {
    let cancelled: () => void = () => undefined;
    const serverSawCancel = new Promise<void>((resolve) => (cancelled = resolve));
    const bridge = await bridgeTo({
      WatchOrders: (call: ServerWritableStream<WatchOrdersRequest__Output, OrderChange>) => {
        call.on('cancelled', cancelled);
        call.write({ orderId: 'ord_1', status: 'PAID', source: 'WEBHOOK', eventId: 'evt_1', order });
      },
    });
    const leaving = new AbortController();
    const response = await fetch(`${bridge.url}/orders/watch`, { signal: leaving.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let received = '';
    const eventAt = () => received.indexOf('event: order-change');
    while (eventAt() === -1 || !received.slice(eventAt()).includes('\n\n')) {
      const { value } = await reader.read();
      received += new TextDecoder().decode(value);
    }
    const event = received.slice(received.indexOf('event: order-change')).split('\n');
    expect(event.slice(0, 2)).toEqual(['event: order-change', 'id: evt_1']);
    expect(JSON.parse(event[2]!.replace(/^data: /, ''))).toMatchObject({
      orderId: 'ord_1',
      status: 'PAID',
      source: 'WEBHOOK',
      order: { id: 'ord_1' },
    });
    leaving.abort();
    await serverSawCancel;
  });
});
