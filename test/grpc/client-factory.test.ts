import { createHmac } from 'node:crypto';
import { status, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrderClient, type OrderClient } from '../../src/services/grpc/client/create-order-client.js';
import { OrderCallError } from '../../src/services/grpc/client/order-call-error.js';
import type { CreateOrderRequest__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { GetOrderRequest__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/GetOrderRequest.js';
import type { GetOrdersRequest__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/GetOrdersRequest.js';
import type { ImportOrdersResponse } from '../../src/services/grpc/generated/rtlab/orders/v1/ImportOrdersResponse.js';
import type { Order } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import { startStubOrderServer, type StubOrderServer } from './stub-order-server.js';

const secret = 'jwt-secret-for-client-tests-0123';
const order: Order = { id: 'ord_stub', customerEmail: 'ana@example.com', status: 'CREATED', totalCents: '1999' };

/** The claims of a token the stub received, after checking its HS256 signature with the shared secret. */
function readVerifiedClaims(authorization: string): Record<string, unknown> {
  const [header = '', payload = '', signature = ''] = authorization.replace(/^Bearer /, '').split('.');
  expect(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

describe('the gRPC client factory', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function stub(handlers: Parameters<typeof startStubOrderServer>[0]): Promise<StubOrderServer> {
    const server = await startStubOrderServer(handlers);
    cleanups.push(server.stop);
    return server;
  }
  function client(target: string, options: Partial<Parameters<typeof createOrderClient>[0]> = {}): OrderClient {
    const created = createOrderClient({ target, auth: { secret }, ...options });
    cleanups.push(() => created.close());
    return created;
  }

  it('sends a short-lived HS256 token with both scopes on every call, and a deadline', async () => {
    const seen: Array<{ authorization: unknown; deadline: unknown }> = [];
    const server = await stub({
      CreateOrder: (call: ServerUnaryCall<CreateOrderRequest__Output, Order>, callback: sendUnaryData<Order>) => {
        seen.push({ authorization: call.metadata.get('authorization')[0], deadline: call.getDeadline() });
        callback(null, { ...order, customerEmail: call.request.customerEmail });
      },
    });
    const created = await client(server.target).createOrder({ customerEmail: 'bo@example.com', currency: 'EUR' });
    expect(created).toMatchObject({ id: 'ord_stub', customerEmail: 'bo@example.com', totalCents: '1999' });
    expect(seen).toHaveLength(1);
    const claims = readVerifiedClaims(String(seen[0]!.authorization));
    expect(claims).toMatchObject({ scope: 'orders:read orders:write' });
    expect(Number(claims['exp']) - Number(claims['iat'])).toBeLessThanOrEqual(300);
    expect(Number.isFinite(Number(seen[0]!.deadline))).toBe(true);
  });

  it('sends a given token as is', async () => {
    const seen: unknown[] = [];
    const server = await stub({
      GetOrder: (call: ServerUnaryCall<GetOrderRequest__Output, Order>, callback: sendUnaryData<Order>) => {
        seen.push(call.metadata.get('authorization')[0]);
        callback(null, order);
      },
    });
    await client(server.target, { auth: { token: 'given.token.value' } }).getOrder('ord_stub');
    expect(seen).toEqual(['Bearer given.token.value']);
  });

  it('retries a call that met UNAVAILABLE, and reports a refusal at once with its status', async () => {
    const calls: string[] = [];
    const server = await stub({
      GetOrder: (call: ServerUnaryCall<GetOrderRequest__Output, Order>, callback: sendUnaryData<Order>) => {
        calls.push(call.request.id);
        if (call.request.id === 'ord_flaky' && calls.length === 1)
          return callback({ code: status.UNAVAILABLE, details: 'restarting' });
        if (call.request.id === 'ord_missing') return callback({ code: status.NOT_FOUND, details: 'no such order' });
        callback(null, { ...order, id: call.request.id });
      },
    });
    const orders = client(server.target);
    expect(await orders.getOrder('ord_flaky')).toMatchObject({ id: 'ord_flaky' });
    expect(calls).toEqual(['ord_flaky', 'ord_flaky']);

    const failure = await orders.getOrder('ord_missing').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OrderCallError);
    expect(failure).toMatchObject({ code: 5, statusName: 'NOT_FOUND', details: 'no such order', violations: [] });
    expect(calls.filter((id) => id === 'ord_missing')).toHaveLength(1);
  });

  it('gives up on a call that is never answered at its deadline', async () => {
    const server = await stub({ GetOrder: () => undefined });
    const failure = await client(server.target, { deadlineMs: 300 })
      .getOrder('ord_slow')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ statusName: 'DEADLINE_EXCEEDED' });
  });

  it('says UNAVAILABLE when nothing listens at the target', async () => {
    const server = await stub({});
    const { target } = server;
    await server.stop();
    const failure = await client(target)
      .getOrder('ord_x')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ statusName: 'UNAVAILABLE' });
  });

  it('streams orders in, and cancels the call when the reader aborts', async () => {
    let cancelled: () => void = () => undefined;
    const serverSawCancel = new Promise<void>((resolve) => (cancelled = resolve));
    const server = await stub({
      GetOrders: (call: ServerWritableStream<GetOrdersRequest__Output, Order>) => {
        call.on('cancelled', cancelled);
        for (let index = 0; index < call.request.limit; index++) call.write({ ...order, id: `ord_${index}` });
        // The stream stays open: only the client's abort ends it.
      },
    });
    const reader = new AbortController();
    const ids: string[] = [];
    for await (const streamed of client(server.target).getOrders(
      { limit: 3 },
      { signal: reader.signal, deadlineMs: 60_000 },
    )) {
      ids.push(streamed.id);
      if (ids.length === 3) reader.abort();
    }
    expect(ids).toEqual(['ord_0', 'ord_1', 'ord_2']);
    await serverSawCancel;
  });

  it('streams an import of many orders in and returns the server’s answer', async () => {
    const server = await stub({
      ImportOrders: (
        call: NodeJS.ReadableStream & {
          on(event: 'data', listener: (request: CreateOrderRequest__Output) => void): void;
        },
        callback: sendUnaryData<ImportOrdersResponse>,
      ) => {
        let created = 0;
        let rejected = 0;
        call.on('data', (request: CreateOrderRequest__Output) =>
          request.customerEmail.includes('@') ? (created += 1) : (rejected += 1),
        );
        call.on('end', () => callback(null, { created, rejected, rejections: [] }));
      },
    });
    const requests = Array.from({ length: 2000 }, (_, index) => ({
      customerEmail: index % 100 === 0 ? 'not-an-email' : `buyer${index}@example.com`,
      currency: 'USD',
      items: [
        { sku: 'SKU-1', name: 'A thing with a long enough name to fill buffers', quantity: 1, unitPriceCents: 100 },
      ],
    }));
    let lastCount = 0;
    const answer = await client(server.target).importOrders(requests, { onSent: (count) => (lastCount = count) });
    expect(answer).toEqual({ created: 1980, rejected: 20, rejections: [] });
    expect(lastCount).toBe(2000);
  });
});
