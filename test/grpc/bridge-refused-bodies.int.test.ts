import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { startGrpcBridge, type StartedGrpcBridge } from '../../src/services/grpc/bridge/start-grpc-bridge.js';
import type { CreateOrderRequest__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { Order } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import { startStubOrderServer } from './stub-order-server.js';

const quiet = createLoggerFactory({ logDir: '/tmp/rtlab-test-logs-unused', level: 'error', console: false });

describe('the HTTP bridge refuses, before any call, bodies it cannot send as they are', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  /** A bridge in front of a stub whose CreateOrder records what reached it. */
  async function bridge(): Promise<{ bridge: StartedGrpcBridge; received: CreateOrderRequest__Output[] }> {
    const received: CreateOrderRequest__Output[] = [];
    const stub = await startStubOrderServer({
      CreateOrder: (call: ServerUnaryCall<CreateOrderRequest__Output, Order>, callback: sendUnaryData<Order>) => {
        received.push(call.request);
        callback(null, { id: 'ord_1', customerEmail: call.request.customerEmail, currency: 'USD', totalCents: '1' });
      },
    });
    stops.push(stub.stop);
    const started = await startGrpcBridge({
      port: 0,
      target: stub.target,
      auth: { secret: 'jwt-secret-for-bridge-tests-0123' },
      logger: quiet.forService('grpc-bridge'),
      heartbeatMs: 50,
    });
    stops.push(started.stop);
    return { bridge: started, received };
  }
  const post = (url: string, body: string) =>
    fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('a deeply nested body (20,000 levels, under 64 kB) is 400 invalid_body, not 500', async () => {
    const { bridge: started, received } = await bridge();
    for (const body of [
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `{"customer_email":"a@example.com","items":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
      `{"items":[{"sku":${'{"a":'.repeat(6_000)}1${'}'.repeat(6_000)}}]}`,
    ]) {
      const response = await post(started.url, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_body' });
    }
    expect(received).toEqual([]);
  });

  it('a quantity past int32 is 400 naming the field, never sent wrapped (4294967297 arrived as 1)', async () => {
    const { bridge: started, received } = await bridge();
    const order = (quantity: number) =>
      JSON.stringify({
        customerEmail: 'a@example.com',
        currency: 'USD',
        items: [{ sku: 'A', name: 'A', quantity, unitPriceCents: 1 }],
      });
    for (const quantity of [4294967297, 2147483648]) {
      const response = await post(started.url, order(quantity));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: 'invalid_body',
        issues: [{ path: 'items.0.quantity', message: 'must be a 32-bit integer (at most 2147483647)' }],
      });
    }
    expect(received).toEqual([]);
    expect((await post(started.url, order(3))).status).toBe(201);
    expect(received.map((request) => request.items[0]?.quantity)).toEqual([3]);
  });
});
