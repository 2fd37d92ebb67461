import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { OrderDocument } from '../../src/mongo/lab-documents.js';
import type { CreateOrderRequest } from '../../src/services/grpc/generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { ImportOrdersResponse__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/ImportOrdersResponse.js';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import type { OrderServiceClient } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderService.js';
import { decodeStatusDetails, failure, unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';

const item = (quantity: number, unitPriceCents: number | string) => ({ sku: 'X', name: 'X', quantity, unitPriceCents });
const create = (client: OrderServiceClient, request: CreateOrderRequest) =>
  unary<Order__Output>((done) => client.createOrder(request, bearer(), done));

describe('OrderService refuses what it could not store exactly or show safely', () => {
  const start = useGrpcServerLab();

  it('refuses a total past 10^15 cents (it would be negative or inexact), naming items; a large exact one is kept to the cent', async () => {
    const lab = await start();
    const client = lab.client();
    // 100 × 1,000,000 × 10^11 = 10^19 cents: past int64 (stored -8446744073709551616 before).
    const huge = await failure(
      create(client, orderRequest({ items: Array(100).fill(item(1_000_000, 100_000_000_000)) })),
    );
    expect(huge).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details:
        'Invalid request: items must total at most 1000000000000000 cents (quantity × unit_price_cents), got 10000000000000000000',
    });
    // 999,999 × 99,999,999,999 is past 2^53: doubles would be one cent off.
    const inexact = await failure(create(client, orderRequest({ items: [item(999_999, 99_999_999_999)] })));
    expect(inexact.code).toBe(status.INVALID_ARGUMENT);
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(0);

    const large = await create(client, orderRequest({ items: [item(9_999, 99_999_999_999), item(3, 7)] }));
    expect(large.totalCents).toBe('999899999990022');
    expect(await unary<Order__Output>((done) => client.getOrder({ id: large.id }, bearer(), done))).toMatchObject({
      totalCents: '999899999990022',
      items: [{ unitPriceCents: '99999999999' }, { unitPriceCents: '7' }],
    });
  });

  it('refuses control and invisible-only characters in sku, name, customer name and email, as ChatOrders does', async () => {
    const lab = await start();
    const client = lab.client();
    const refused = await failure(
      create(
        client,
        orderRequest({
          customerEmail: 'ana\u0000@example.com',
          customerName: 'Ana \u001b]0;owned\u0007',
          items: [
            { sku: 'A\u001b[2J\u0000', name: 'Tea', quantity: 1, unitPriceCents: 100 },
            { sku: '\u200b', name: 'evil\u202egnp.exe', quantity: 1, unitPriceCents: 100 },
          ],
        }),
      ),
    );
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.details).toBe(
      'Invalid request: customer_email must not contain control characters; customer_name must not contain control characters; ' +
        'items[0].sku must not contain control characters; items[1].sku must not be empty; items[1].name must not contain control characters',
    );
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(0);
    // Letters of any script, emoji sequences (ZWJ) and tabs-free names pass.
    const fine = await create(
      client,
      orderRequest({
        customerName: 'Zoë Ñandú',
        items: [{ sku: 'ТЕА-1', name: 'چای سبز 👩‍🍳', quantity: 1, unitPriceCents: 100 }],
      }),
    );
    expect(await lab.connection.db.collection<OrderDocument>('orders').findOne({ orderId: fine.id })).toMatchObject({
      customerName: 'Zoë Ñandú',
      items: [{ sku: 'ТЕА-1', name: 'چای سبز 👩‍🍳' }],
    });
  });

  it('answers an import of 220 orders of 100 bad items each under the 4 MiB limit: every valid order created, counts exact', async () => {
    const lab = await start();
    const client = lab.client();
    const bad = orderRequest({ items: Array.from({ length: 100 }, (_, n) => ({ ...item(0, -1), sku: `BAD-${n}` })) });
    const answer = await new Promise<ImportOrdersResponse__Output>((resolve, reject) => {
      const stream = client.importOrders(bearer(), (error, response) =>
        error === null ? resolve(response!) : reject(error),
      );
      for (let index = 0; index < 225; index++)
        stream.write(index % 45 === 0 ? orderRequest({ customerEmail: `good${index}@example.com` }) : bad);
      stream.end();
    });
    expect(answer.created).toBe(5);
    expect(answer.rejected).toBe(220);
    expect(answer.rejections).toHaveLength(220);
    expect(answer.rejections[0]).toMatchObject({
      index: 1,
      field: 'items[0].quantity',
      reason: expect.stringMatching(
        /^items\[0\]\.quantity must be greater than 0, got 0; items\[0\]\.unit_price_cents must not be negative, got -1; .*; and \d+ more invalid fields$/,
      ),
    });
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(5);
    const logs = await lab.logMessages();
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'gRPC call',
        method: '/rtlab.orders.v1.OrderService/ImportOrders',
        status: 'OK',
      }),
    );
  });
});

/** A length-delimited protobuf field, its bytes as given: what a client that skips encoding checks sends. */
function rawField(field: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, value.length]), value]);
}

/** A CreateOrderRequest built byte by byte (one item), so that its strings may hold any bytes. */
function rawCreateOrder(fields: { email: Buffer; itemName?: Buffer }): Buffer {
  const orderItem = Buffer.concat([
    rawField(1, Buffer.from('KB-1')),
    rawField(2, fields.itemName ?? Buffer.from('Keyboard')),
    Buffer.from([3 << 3, 2]), // quantity 2
    Buffer.from([4 << 3, 0xcf, 0x0f]), // unit_price_cents 1999
  ]);
  return Buffer.concat([rawField(1, fields.email), rawField(2, orderItem), rawField(3, Buffer.from('EUR'))]);
}

describe('OrderService refuses strings whose bytes are not UTF-8', () => {
  const start = useGrpcServerLab();

  it('answers INVALID_ARGUMENT naming the field, before decoding turns different bytes into one U+FFFD; valid UTF-8 passes', async () => {
    const lab = await start();
    const client = lab.client();
    const callRaw = (bytes: Buffer, key: string) => {
      const metadata = bearer();
      metadata.set('idempotency-key', key);
      return unary<Buffer>((done) =>
        client.makeUnaryRequest(
          '/rtlab.orders.v1.OrderService/CreateOrder',
          (message: Buffer) => message,
          (message: Buffer) => message,
          bytes,
          metadata,
          done,
        ),
      );
    };
    // Two different invalid sequences (a truncated é, a lone 0xFF) under one idempotency key: both
    // would decode to "K\uFFFD", the same request, and the second call answer the first's order.
    for (const invalid of [0xc3, 0xff]) {
      const itemName = Buffer.from([0x4b, invalid]);
      const refused = await failure(
        callRaw(rawCreateOrder({ email: Buffer.from('ana@example.com'), itemName }), 'one-key'),
      );
      expect(refused.code).toBe(status.INVALID_ARGUMENT);
      expect(refused.details).toContain('items[0].name is not valid UTF-8');
      expect(decodeStatusDetails(refused).violations.map((violation) => violation.field)).toEqual(['items[0].name']);
    }
    const email = Buffer.concat([Buffer.from('ana'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('@example.com')]);
    const surrogate = await failure(callRaw(rawCreateOrder({ email }), 'another-key'));
    expect(decodeStatusDetails(surrogate).violations.map((violation) => violation.field)).toEqual(['customer_email']);
    expect(await lab.connection.db.collection('orders').countDocuments()).toBe(0);

    // Multi-byte UTF-8 is text like any other, and the server kept serving.
    const name = Buffer.from('Teclado español ⌨', 'utf8');
    await callRaw(rawCreateOrder({ email: Buffer.from('jose@example.com'), itemName: name }), 'a-valid-key');
    const stored = await lab.connection.db.collection<OrderDocument>('orders').find().toArray();
    expect(stored.map((order) => [order.customerEmail, order.items[0]?.name])).toEqual([
      ['jose@example.com', 'Teclado español ⌨'],
    ]);
    const logged = await lab.logMessages();
    expect(logged.filter((line) => line.message === 'CreateOrder succeeded')).toHaveLength(1);

    // What protobufjs reads anyway is checked too: a string field sent with another wire type, an
    // invalid string behind an unknown group, bytes that are no message (INTERNAL before).
    const group = Buffer.from([0x9b, 0x06, 0x08, 0x01, 0x9c, 0x06]); // field 99 group {1: 1}
    const fixed64Email = Buffer.concat([Buffer.from([(1 << 3) | 1]), Buffer.from('ana@exam')]);
    const behindGroup = Buffer.concat([
      group,
      rawCreateOrder({ email: Buffer.from('ana@example.com'), itemName: Buffer.from([0x4b, 0xff]) }),
    ]);
    const refusals = [
      [fixed64Email, 'customer_email has wire type 1: a string is length-delimited (2)'],
      [behindGroup, 'items[0].name is not valid UTF-8'],
      [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'request is not a well-formed protobuf message'],
    ] as const;
    for (const [bytes, said] of refusals) {
      const refused = await failure(callRaw(bytes, `key-${said.length}`));
      expect(refused.code, said).toBe(status.INVALID_ARGUMENT);
      expect(refused.details).toContain(said);
    }
    // An unknown group is skipped, as protobuf parsers must: the valid order behind it is created.
    await callRaw(Buffer.concat([group, rawCreateOrder({ email: Buffer.from('eva@example.com') })]), 'group-key');
    expect(await lab.connection.db.collection('orders').countDocuments({ customerEmail: 'eva@example.com' })).toBe(1);
  });
});
