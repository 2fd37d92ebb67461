import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { OrderDocument, OutboxDocument } from '../../src/mongo/lab-documents.js';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import type { OrderServiceClient } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderService.js';
import { eventually } from '../helpers/webhook-lab.js';
import { decodeStatusDetails, failure, unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab } from './grpc-server-lab.js';
import { orderRequest, storedOrders } from './sample-orders.js';

function withKey(key: string) {
  const metadata = bearer();
  metadata.set('idempotency-key', key);
  return metadata;
}

function create(client: OrderServiceClient, key: string, request = orderRequest()): Promise<Order__Output> {
  return unary<Order__Output>((done) => client.createOrder(request, withKey(key), done));
}

describe('CreateOrder with an idempotency-key', () => {
  const startLab = useGrpcServerLab();

  it('a repeat of the key with the same request answers the first order, and stores and notifies it once', async () => {
    const lab = await startLab();
    const client = lab.client();
    const key = randomUUID();
    const first = await create(client, key);
    const again = await create(client, key);
    const concurrent = await Promise.all([1, 2, 3, 4].map(() => create(client, key)));
    expect([again, ...concurrent].map((order) => order.id)).toEqual([1, 2, 3, 4, 5].map(() => first.id));
    expect(again).toEqual(first);
    const orders = lab.connection.db.collection<OrderDocument>('orders');
    expect(await orders.countDocuments({})).toBe(1);
    const outbox = lab.connection.db.collection<OutboxDocument>('outbox');
    expect(await outbox.countDocuments({ 'update.orderId': first.id })).toBe(1);
    const messages = (await lab.logMessages()).map((line) => line.message);
    expect(messages.filter((message) => message === 'CreateOrder succeeded')).toHaveLength(1);
    expect(messages.filter((message) => message === 'CreateOrder repeated')).toHaveLength(5);
  });

  it('the same key with another request is INVALID_ARGUMENT naming the key and the first order; nothing is stored', async () => {
    const lab = await startLab();
    const client = lab.client();
    const key = randomUUID();
    const first = await create(client, key);
    const refused = await failure(create(client, key, orderRequest({ customerEmail: 'bruno@example.com' })));
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.details).toContain(first.id);
    expect(decodeStatusDetails(refused).violations.map((violation) => violation.field)).toEqual(['idempotency-key']);
    expect(await lab.connection.db.collection('orders').countDocuments({})).toBe(1);
  });

  it('different keys make different orders; a key that is not visible ASCII is refused', async () => {
    const lab = await startLab();
    const client = lab.client();
    const [one, two] = await Promise.all([create(client, randomUUID()), create(client, randomUUID())]);
    expect(one.id).not.toBe(two.id);
    const refused = await failure(create(client, 'a key with spaces'));
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeStatusDetails(refused).violations.map((violation) => violation.field)).toEqual(['idempotency-key']);
    expect(await lab.connection.db.collection('orders').countDocuments({})).toBe(2);
  });
});

describe('an order stored without its notification (a process killed between the two writes)', () => {
  const startLab = useGrpcServerLab();

  it('is found by the sweep: its outbox entry is written, the ws-server is told, the mark is cleared', async () => {
    const lab = await startLab({ outboxSweepIntervalMs: 200 });
    const [stored] = storedOrders(1, () => ({ source: 'grpc' }));
    const eventId = 'rpc_left_by_a_crash';
    const at = new Date(Date.now() - 60_000);
    const orders = lab.connection.db.collection('orders');
    await orders.insertOne({
      ...stored!,
      createdAt: at,
      history: [{ status: 'created', at, source: 'grpc', eventId }],
      outboxPending: true,
    });
    const notified = await eventually(
      () => lab.notifications as Array<{ eventId?: string }>,
      (updates) => updates.some((update) => update.eventId === eventId),
      10_000,
    );
    expect(notified.filter((update) => update.eventId === eventId)).toEqual([
      expect.objectContaining({ orderId: stored!.orderId, status: 'created', source: 'grpc', eventId }),
    ]);
    const outbox = lab.connection.db.collection<OutboxDocument>('outbox');
    expect(await outbox.countDocuments({ key: eventId })).toBe(1);
    expect(
      await eventually(
        () => orders.countDocuments({ outboxPending: true }),
        (count) => count === 0,
      ),
    ).toBe(0);
  });

  it('a status change stored without its notification is found by the sweep too: the latest change is written', async () => {
    const lab = await startLab({ outboxSweepIntervalMs: 200 });
    const [stored] = storedOrders(1, () => ({ source: 'grpc' }));
    const created = new Date(Date.now() - 120_000);
    const paid = new Date(Date.now() - 60_000);
    const orders = lab.connection.db.collection('orders');
    await orders.insertOne({
      ...stored!,
      status: 'paid',
      createdAt: created,
      updatedAt: paid,
      history: [
        { status: 'created', at: created, source: 'grpc', eventId: 'rpc_created_long_ago' },
        { status: 'paid', at: paid, source: 'grpc', eventId: 'rpc_paid_then_crashed' },
      ],
      outboxPending: true,
    });
    const notified = await eventually(
      () => lab.notifications as Array<{ eventId?: string }>,
      (updates) => updates.some((update) => update.eventId === 'rpc_paid_then_crashed'),
      10_000,
    );
    expect(notified).toEqual([
      expect.objectContaining({ orderId: stored!.orderId, status: 'paid', eventId: 'rpc_paid_then_crashed' }),
    ]);
    expect(
      await eventually(
        () => orders.countDocuments({ outboxPending: true }),
        (count) => count === 0,
      ),
    ).toBe(0);
  });

  it('UpdateOrderStatus writes its notification and leaves no mark behind', async () => {
    const lab = await startLab();
    const client = lab.client();
    const order = await create(client, randomUUID());
    await unary<Order__Output>((done) => client.updateOrderStatus({ id: order.id, status: 'PAID' }, bearer(), done));
    const outbox = lab.connection.db.collection<OutboxDocument>('outbox');
    expect(
      (await outbox.find({ 'update.orderId': order.id }).toArray()).map((entry) => entry.update.status).sort(),
    ).toEqual(['created', 'paid']);
    const orders = lab.connection.db.collection('orders');
    expect(
      await eventually(
        () => orders.countDocuments({ outboxPending: true }),
        (count) => count === 0,
      ),
    ).toBe(0);
  });
});
