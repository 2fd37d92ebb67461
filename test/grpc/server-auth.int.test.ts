import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import type { OrderServiceClient } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderService.js';
import { collect, headersOf, unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';
import { tokens } from './test-tokens.js';

/** The status code a call of each RPC kind ends with, given its metadata. */
const kinds = {
  'unary write (CreateOrder)': (client: OrderServiceClient, metadata: Metadata) =>
    unary((done) => client.createOrder(orderRequest(), metadata, done)).then(
      () => status.OK,
      (error: ServiceError) => error.code,
    ),
  'unary read (GetOrder)': (client: OrderServiceClient, metadata: Metadata, orderId: string) =>
    unary((done) => client.getOrder({ id: orderId }, metadata, done)).then(
      () => status.OK,
      (error: ServiceError) => error.code,
    ),
  'server streaming (GetOrders)': async (client: OrderServiceClient, metadata: Metadata) =>
    (await collect(client.getOrders({}, metadata))).error?.code ?? status.OK,
  'client streaming (ImportOrders)': (client: OrderServiceClient, metadata: Metadata) =>
    new Promise<number>((resolve) => {
      const stream = client.importOrders(metadata, (error) => resolve(error?.code ?? status.OK));
      stream.write(orderRequest());
      stream.end();
    }),
  'bidirectional (ChatOrders)': (client: OrderServiceClient, metadata: Metadata, orderId: string) =>
    new Promise<number>((resolve) => {
      const stream = client.chatOrders(metadata);
      stream.on('data', () => undefined);
      stream.on('error', (error: ServiceError) => resolve(error.code));
      stream.on('end', () => resolve(status.OK));
      stream.write({ orderId, author: 'ana', text: 'hello' });
      stream.end();
    }),
};

function withAuthorization(value: string | undefined): Metadata {
  const metadata = new Metadata();
  if (value !== undefined) metadata.set('authorization', value);
  return metadata;
}

const refusals: Array<[string, () => Metadata]> = [
  ['missing', () => withAuthorization(undefined)],
  ['malformed (no Bearer)', () => withAuthorization(tokens.writer())],
  ['malformed (not a JWT)', () => withAuthorization('Bearer not-a-jwt')],
  ['expired', () => bearer(tokens.expired())],
  ['signed with another secret', () => bearer(tokens.wrongSecret())],
  ['alg: none', () => bearer(tokens.algNone())],
];

describe('gRPC auth, checked before any handler for every kind of RPC', () => {
  const start = useGrpcServerLab();

  it('answers UNAUTHENTICATED for a missing, malformed, expired, wrongly signed or unsigned token, and writes nothing', async () => {
    const lab = await start();
    const client = lab.client();
    const order = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    const outcomes: string[] = [];
    for (const [token, metadata] of refusals)
      for (const [kind, call] of Object.entries(kinds))
        outcomes.push(`${token} / ${kind}: ${status[await call(client, metadata(), order.id)]}`);
    expect(outcomes).toEqual(
      refusals.flatMap(([token]) => Object.keys(kinds).map((kind) => `${token} / ${kind}: UNAUTHENTICATED`)),
    );
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(1);
    expect(await lab.connection.db.collection('order_chat_messages').countDocuments()).toBe(0);
    const logs = await lab.logMessages();
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'gRPC call',
        method: '/rtlab.orders.v1.OrderService/ImportOrders',
        status: 'UNAUTHENTICATED',
        details: 'Invalid token: the token has expired',
      }),
    );
  });

  it('answers PERMISSION_DENIED for a write without the orders:write scope, and lets that token read', async () => {
    const lab = await start();
    const client = lab.client();
    const order = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    const outcomes: Record<string, string> = {};
    for (const [kind, call] of Object.entries(kinds))
      outcomes[kind] = status[await call(client, bearer(tokens.reader()), order.id)] ?? '';
    expect(outcomes).toEqual({
      'unary write (CreateOrder)': 'PERMISSION_DENIED',
      'unary read (GetOrder)': 'OK',
      'server streaming (GetOrders)': 'OK',
      'client streaming (ImportOrders)': 'PERMISSION_DENIED',
      'bidirectional (ChatOrders)': 'PERMISSION_DENIED',
    });
    const denied = await unary((done) => client.createOrder(orderRequest(), bearer(tokens.reader()), done)).catch(
      (error: ServiceError) => error,
    );
    expect((denied as ServiceError).details).toMatch(/needs the "orders:write" scope/);
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(1);
    // With the scope, every kind goes through.
    for (const [kind, call] of Object.entries(kinds))
      expect([kind, status[await call(client, bearer(), order.id)]]).toEqual([kind, 'OK']);
    // A reader watches too: it hears the next change.
    const watch = client.watchOrders({}, bearer(tokens.reader()));
    watch.on('error', () => undefined);
    const firstChange = new Promise((resolve) => watch.once('data', resolve));
    await headersOf(watch);
    const next = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    expect(await firstChange).toMatchObject({ orderId: next.id, status: 'CREATED' });
    watch.cancel();
  });
});
