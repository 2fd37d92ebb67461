import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { OrderDocument } from '../../src/mongo/lab-documents.js';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import { eventually } from '../helpers/webhook-lab.js';
import { collect } from './grpc-calls.js';
import { bearer, useGrpcServerLab, withDeadline, type GrpcServerLab } from './grpc-server-lab.js';
import { storedOrders } from './sample-orders.js';

/** Server cursors open on the embedded MongoDB, as mongod's serverStatus reports them. */
async function openCursors(lab: GrpcServerLab): Promise<number> {
  const reply = await lab.connection.db.admin().command({ serverStatus: 1 });
  return Number((reply['metrics'] as { cursor: { open: { total: unknown } } }).cursor.open.total);
}

describe('GetOrders (server streaming from a MongoDB cursor)', () => {
  const start = useGrpcServerLab();

  it('streams the matching orders newest first, honours status, customer and limit, and logs the count', async () => {
    const lab = await start();
    await lab.connection.db
      .collection<OrderDocument>('orders')
      .insertMany(storedOrders(250, (index) => (index % 5 === 0 ? { status: 'paid' } : {})));
    const client = lab.client();
    const all = await collect(client.getOrders({ limit: 1000 }, bearer()));
    expect(all.error).toBeUndefined();
    expect(all.messages).toHaveLength(250);
    expect(all.messages[0]?.id).toBe('ord_bulk_000249');
    expect(all.messages[249]?.id).toBe('ord_bulk_000000');
    const byDefault = await collect(client.getOrders({}, bearer()));
    expect(byDefault.messages).toHaveLength(100);
    const paid = await collect(client.getOrders({ status: 'PAID', customerEmail: 'customer0@example.com' }, bearer()));
    expect(paid.messages.length).toBeGreaterThan(0);
    expect(
      paid.messages.every((order) => order.status === 'PAID' && order.customerEmail === 'customer0@example.com'),
    ).toBe(true);
    expect(paid.messages).toHaveLength(
      await lab.connection.db
        .collection('orders')
        .countDocuments({ status: 'paid', customerEmail: 'customer0@example.com' }),
    );
    const three = await collect(client.getOrders({ limit: 3 }, bearer()));
    expect(three.messages.map((order) => order.id)).toEqual(['ord_bulk_000249', 'ord_bulk_000248', 'ord_bulk_000247']);
    const counts = (await lab.logMessages())
      .filter((line) => line.message === 'GetOrders streaming response')
      .map((line) => line['count']);
    expect(counts).toEqual([250, 100, paid.messages.length, 3]);
    const badLimit = await collect(client.getOrders({ limit: -1 }, bearer()));
    expect(badLimit.error?.code).toBe(status.INVALID_ARGUMENT);
  });

  it('a client that cancels mid-stream releases the server cursor, and the server keeps serving', async () => {
    const lab = await start();
    await lab.connection.db.collection<OrderDocument>('orders').insertMany(storedOrders(3000));
    const before = await openCursors(lab);
    const client = lab.client();
    const stream = client.getOrders({ limit: 3000 }, bearer());
    const received: Order__Output[] = [];
    const ended = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    stream.on('data', (order: Order__Output) => {
      received.push(order);
      // Stop reading: the server fills the transport, then waits for 'drain' with its cursor open.
      if (received.length === 10) stream.pause();
    });
    expect(
      await eventually(
        () => openCursors(lab),
        (open) => open > before,
      ),
    ).toBeGreaterThan(before);
    stream.cancel();
    expect((await ended).code).toBe(status.CANCELLED);
    expect(
      await eventually(
        () => openCursors(lab),
        (open) => open === before,
        15_000,
      ),
    ).toBe(before);
    expect(received.length).toBeLessThan(3000);
    const logs = await eventually(
      () => lab.logMessages(),
      (lines) => lines.some((line) => line.message === 'gRPC call' && line['status'] === 'CANCELLED'),
      15_000,
    );
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'gRPC call',
        method: '/rtlab.orders.v1.OrderService/GetOrders',
        status: 'CANCELLED',
      }),
    );
    expect(logs.some((line) => line.message === 'GetOrders streaming response')).toBe(false);
    expect((await collect(client.getOrders({ limit: 5 }, bearer()))).messages).toHaveLength(5);
  });

  it('an exceeded deadline on a slow reader stops the stream on the server and closes its cursor', async () => {
    const lab = await start();
    await lab.connection.db.collection<OrderDocument>('orders').insertMany(storedOrders(3000));
    const before = await openCursors(lab);
    const client = lab.client();
    const stream = client.getOrders({ limit: 3000 }, bearer(), withDeadline(1500));
    let received = 0;
    stream.on('data', () => {
      received += 1;
      if (received === 10) stream.pause();
    });
    const error = await new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(
      await eventually(
        () => openCursors(lab),
        (open) => open === before,
        15_000,
      ),
    ).toBe(before);
    const logs = await eventually(
      () => lab.logMessages(),
      (lines) => lines.some((line) => line.message === 'gRPC call' && line['status'] === 'DEADLINE_EXCEEDED'),
      15_000,
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ method: '/rtlab.orders.v1.OrderService/GetOrders', status: 'DEADLINE_EXCEEDED' }),
    );
    expect(logs.some((line) => line.message === 'GetOrders streaming response')).toBe(false);
  });
});
