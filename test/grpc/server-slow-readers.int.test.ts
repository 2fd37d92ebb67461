import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ImportOrdersResponse__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/ImportOrdersResponse.js';
import type { OrderChange__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderChange.js';
import type { OrderChatMessage__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderChatMessage.js';
import { loadOrderService } from '../../src/services/grpc/load-order-service.js';
import { eventually } from '../helpers/webhook-lab.js';
import { openFrozenGrpcReader } from './frozen-grpc-reader.js';
import { headersOf, unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab, type GrpcServerLab } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';
import { tokens } from './test-tokens.js';

const methods = loadOrderService().proto.rtlab.orders.v1.OrderService.service;

/** An order of 100 items with long names: about 30 kB as an OrderChange. */
const bigOrder = (n: number) =>
  orderRequest({
    customerEmail: `big${n}@example.com`,
    items: Array.from({ length: 100 }, (_, index) => ({
      sku: `SKU-${index}-${'s'.repeat(90)}`,
      name: `Item ${index} ${'n'.repeat(190)}`,
      quantity: 1,
      unitPriceCents: 100,
    })),
  });

function importOrders(lab: GrpcServerLab, count: number): Promise<ImportOrdersResponse__Output> {
  return new Promise((resolve, reject) => {
    const stream = lab
      .client()
      .importOrders(bearer(), (error, response) => (error === null ? resolve(response!) : reject(error)));
    for (let n = 0; n < count; n++) stream.write(bigOrder(n));
    stream.end();
  });
}

/** Reads every message as it comes, and tells how the stream ended, if it did. */
function reader<T>(stream: ClientReadableStream<T> | NodeJS.ReadableStream) {
  const messages: T[] = [];
  let ended: ServiceError | 'ok' | undefined;
  stream.on('data', (message: T) => messages.push(message));
  stream.on('error', (error: ServiceError) => (ended = error));
  stream.on('end', () => (ended ??= 'ok'));
  return { messages, ended: () => ended };
}

describe('a reader that stops reading a pushed stream is dropped by bytes; one that reads never is', () => {
  const start = useGrpcServerLab();

  it('WatchOrders: a watcher that never reads ends with RESOURCE_EXHAUSTED while another gets every change', async () => {
    const lab = await start({ slowReaderBound: { maxBytes: 1024 * 1024, graceMs: 1000 } });
    const frozenCall = openFrozenGrpcReader({
      target: lab.target,
      path: methods.WatchOrders.path,
      token: tokens.writer(),
      request: methods.WatchOrders.requestSerialize({}),
    });
    const readingCall = lab.client().watchOrders({}, bearer());
    await Promise.all([frozenCall.responded, headersOf(readingCall)]);
    const reading = reader<OrderChange__Output>(readingCall);

    // About 2.4 MB of changes: past the HTTP/2 windows, over 2 MiB wait on the server.
    const orders = 80;
    expect(await importOrders(lab, orders)).toMatchObject({ created: orders, rejected: 0 });
    const dropped = await eventually(
      () => lab.logMessages(),
      (all) => all.some((line) => line.message === 'WatchOrders caller too slow; ending its stream'),
      60_000,
    );
    expect(dropped.filter((line) => line.message === 'WatchOrders caller too slow; ending its stream')).toHaveLength(1);
    await eventually(
      async () => reading.messages.length,
      (count) => count >= orders,
      60_000,
    );
    expect(new Set(reading.messages.map((change) => change.orderId)).size).toBe(orders);
    expect(reading.ended()).toBeUndefined();

    const frozen = await frozenCall.readToEnd();
    expect(frozen).toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      details:
        'This watcher left more than 1 MiB of changes unread for 1 s; watch again (and list orders for what it missed)',
    });
    // What waited on the server for it was dropped, not sent before the status.
    expect(frozen.messages).toBeLessThan(orders / 2);
    frozenCall.close();
    readingCall.cancel();
  }, 150_000);

  it('ChatOrders: a participant that never reads ends with RESOURCE_EXHAUSTED while another gets every message', async () => {
    const lab = await start({ slowReaderBound: { maxBytes: 256 * 1024, graceMs: 1000 } });
    const order = await unary<{ id: string }>((done) => lab.client().createOrder(orderRequest(), bearer(), done));
    // An empty text joins the conversation; the sender's own copy of a message is its receipt.
    const frozenCall = openFrozenGrpcReader({
      target: lab.target,
      path: methods.ChatOrders.path,
      token: tokens.writer(),
      request: methods.ChatOrders.requestSerialize({ orderId: order.id, author: 'frozen', text: '' }),
      keepOpen: true,
    });
    frozenCall.write(methods.ChatOrders.requestSerialize({ orderId: order.id, author: 'frozen', text: 'joined' }));
    const readingCall = lab.client().chatOrders(bearer());
    const reading = reader<OrderChatMessage__Output>(readingCall);
    readingCall.write({ orderId: order.id, author: 'reader', text: '' });
    readingCall.write({ orderId: order.id, author: 'reader', text: 'joined' });
    await Promise.all([
      frozenCall.responded,
      eventually(
        async () => reading.messages.length,
        (count) => count >= 1,
        30_000,
      ),
    ]);

    // 400 messages of 2,000 characters: 800 kB, far past what the frozen client buffers itself plus 256 KiB.
    const sender = lab.client().chatOrders(bearer());
    sender.on('data', () => undefined);
    const messages = 400;
    for (let n = 0; n < messages; n++)
      sender.write({ orderId: order.id, author: 'sender', text: `${n} ${'x'.repeat(1990)}` });
    sender.end();
    const fromSender = () => reading.messages.filter((message) => message.author === 'sender');
    await eventually(
      async () => fromSender().length,
      (count) => count >= messages,
      90_000,
    );
    expect(fromSender().map((message) => Number(message.text.split(' ')[0]))).toEqual(
      Array.from({ length: messages }, (_, n) => n),
    );
    expect(reading.ended()).toBeUndefined();
    const logs = await eventually(
      () => lab.logMessages(),
      (all) => all.some((line) => line.message === 'ChatOrders participant too slow; ending its stream'),
      30_000,
    );
    expect(logs.filter((line) => line.message === 'ChatOrders participant too slow; ending its stream')).toHaveLength(
      1,
    );

    const frozen = await frozenCall.readToEnd();
    expect(frozen).toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      details: 'This participant left more than 0.25 MiB of messages unread for 1 s; chat again',
    });
    expect(frozen.messages).toBeLessThan(messages / 2);
    frozenCall.close();
    readingCall.end();
  }, 150_000);
});
