import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { OrderDocument } from '../../src/mongo/lab-documents.js';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import { eventually } from '../helpers/webhook-lab.js';
import { decodeStatusDetails, failure, unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';

describe('gRPC unary calls', () => {
  const start = useGrpcServerLab();

  it('CreateOrder stores the order in `orders` (cents mapped to amounts), logs it, publishes order:update, and GetOrder reads it', async () => {
    const lab = await start();
    const client = lab.client();
    const created = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    expect(created).toMatchObject({
      id: expect.stringMatching(/^ord_[0-9a-f]{12}$/),
      customerEmail: 'ana@example.com',
      customerName: 'ana',
      totalCents: '5048',
      currency: 'EUR',
      status: 'CREATED',
      source: 'GRPC',
      items: [
        { sku: 'KB-1', name: 'Keyboard', quantity: 2, unitPriceCents: '1999' },
        { sku: 'MS-2', name: 'Mouse', quantity: 1, unitPriceCents: '1050' },
      ],
    });
    const stored = await lab.connection.db.collection<OrderDocument>('orders').findOne({ orderId: created.id });
    expect(stored).toMatchObject({
      customerEmail: 'ana@example.com',
      total: 50.48,
      items: [{ sku: 'KB-1', quantity: 2, unitPrice: 19.99 }, { unitPrice: 10.5 }],
      status: 'created',
      source: 'grpc',
    });
    expect(await unary<Order__Output>((done) => client.getOrder({ id: created.id }, bearer(), done))).toEqual(created);
    const published = await eventually(
      () => lab.notifications,
      (all) => all.length > 0,
    );
    expect(published).toEqual([
      { orderId: created.id, status: 'created', source: 'grpc', eventId: expect.any(String), at: expect.any(String) },
    ]);
    const logs = await lab.logMessages();
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'CreateOrder succeeded',
        orderId: created.id,
        customerEmail: 'ana@example.com',
      }),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'gRPC call',
        method: '/rtlab.orders.v1.OrderService/CreateOrder',
        status: 'OK',
        durationMs: expect.any(Number),
        peer: expect.stringContaining('127.0.0.1'),
      }),
    );
  });

  it('refuses invalid orders with INVALID_ARGUMENT naming each field, in the message and as google.rpc.BadRequest', async () => {
    const lab = await start();
    const client = lab.client();
    const error = await failure(
      unary((done) =>
        client.createOrder(
          orderRequest({
            customerEmail: 'not-an-email',
            items: [
              { sku: 'A', name: 'A', quantity: 0, unitPriceCents: 100 },
              { sku: 'B', name: 'B', quantity: 1, unitPriceCents: -5 },
            ],
          }),
          bearer(),
          done,
        ),
      ),
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/customer_email must be an email address/);
    expect(error.details).toMatch(/items\[0\]\.quantity must be greater than 0/);
    const rich = decodeStatusDetails(error);
    expect(rich).toMatchObject({ code: status.INVALID_ARGUMENT, typeUrl: 'type.googleapis.com/google.rpc.BadRequest' });
    expect(rich.violations.map((violation) => violation.field)).toEqual([
      'customer_email',
      'items[0].quantity',
      'items[1].unit_price_cents',
    ]);
    const noItems = await failure(unary((done) => client.createOrder(orderRequest({ items: [] }), bearer(), done)));
    expect(decodeStatusDetails(noItems).violations).toEqual([
      { field: 'items', description: 'must contain at least one item' },
    ]);
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(0);
    // The server keeps serving.
    await expect(unary((done) => client.createOrder(orderRequest(), bearer(), done))).resolves.toBeDefined();
  });

  it('GetOrder of an unknown id is NOT_FOUND; UpdateOrderStatus moves along the transitions and refuses others with FAILED_PRECONDITION', async () => {
    const lab = await start();
    const client = lab.client();
    const missing = await failure(unary((done) => client.getOrder({ id: 'ord_missing' }, bearer(), done)));
    expect([missing.code, missing.details]).toEqual([status.NOT_FOUND, 'Order ord_missing does not exist']);
    const order = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    const paid = await unary<Order__Output>((done) =>
      client.updateOrderStatus({ id: order.id, status: 'PAID' }, bearer(), done),
    );
    expect(paid.status).toBe('PAID');
    const backwards = await failure(
      unary((done) => client.updateOrderStatus({ id: order.id, status: 'CREATED' }, bearer(), done)),
    );
    expect(backwards.code).toBe(status.FAILED_PRECONDITION);
    expect(backwards.details).toBe(
      `Order ${order.id} is PAID and cannot move to CREATED (allowed: SHIPPED, CANCELLED)`,
    );
    const unknown = await failure(
      unary((done) => client.updateOrderStatus({ id: 'ord_missing', status: 'PAID' }, bearer(), done)),
    );
    expect(unknown.code).toBe(status.NOT_FOUND);
    const unspecified = await failure(unary((done) => client.updateOrderStatus({ id: order.id }, bearer(), done)));
    expect(unspecified.code).toBe(status.INVALID_ARGUMENT);
    const stored = await lab.connection.db.collection<OrderDocument>('orders').findOne({ orderId: order.id });
    expect(stored?.history.map((entry) => [entry.status, entry.source])).toEqual([
      ['created', 'grpc'],
      ['paid', 'grpc'],
    ]);
    const published = await eventually(
      () => lab.notifications,
      (all) => all.length >= 2,
    );
    expect(published).toMatchObject([{ status: 'created' }, { orderId: order.id, status: 'paid', source: 'grpc' }]);
    // A retried call (its answer lost) finds its change applied: a success, and nothing applied twice.
    const again = await unary<Order__Output>((done) =>
      client.updateOrderStatus({ id: order.id, status: 'PAID' }, bearer(), done),
    );
    expect(again.status).toBe('PAID');
    const after = await lab.connection.db.collection<OrderDocument>('orders').findOne({ orderId: order.id });
    expect(after?.history).toHaveLength(2);
    expect(await lab.connection.db.collection('outbox').countDocuments({ 'update.orderId': order.id })).toBe(2);
  });

  it('refuses a message over 1 MiB with RESOURCE_EXHAUSTED, stores nothing, and keeps serving', async () => {
    const lab = await start();
    const client = lab.client();
    const huge = orderRequest({ customerName: 'x'.repeat(1024 * 1024 + 1) });
    const error = await failure(unary((done) => client.createOrder(huge, bearer(), done)));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(0);
    await expect(unary((done) => client.createOrder(orderRequest(), bearer(), done))).resolves.toBeDefined();
  });
});
