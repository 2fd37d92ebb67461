import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ImportOrdersResponse__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/ImportOrdersResponse.js';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import type { OrderChange__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderChange.js';
import type { OrderChatMessage__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderChatMessage.js';
import { startWebhookReceiver } from '../../src/services/webhooks/receiver/start-webhook-receiver.js';
import { eventually, testSecret } from '../helpers/webhook-lab.js';
import { deliverSigned, orderCreatedBody } from '../webhooks/deliver-signed.js';
import { headersOf, unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab, type GrpcServerLab } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';

/** The webhooks receiver on the same MongoDB, as the lab runs it beside the gRPC server. */
async function startReceiver(lab: GrpcServerLab) {
  const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
  return startWebhookReceiver({
    port: 0,
    db: lab.connection.db,
    secrets: [testSecret],
    publisher: { publish: () => undefined },
    logger: quiet,
  });
}

describe('gRPC live streams', () => {
  const start = useGrpcServerLab();

  it("WatchOrders streams every domain's changes (gRPC and webhooks) to every watcher, in order", async () => {
    const lab = await start();
    const receiver = await startReceiver(lab);
    try {
      const client = lab.client();
      const watchers = [client.watchOrders({}, bearer()), lab.client().watchOrders({}, bearer())];
      const seen: OrderChange__Output[][] = [[], []];
      watchers.forEach((watcher, index) => {
        watcher.on('data', (change: OrderChange__Output) => seen[index]?.push(change));
        watcher.on('error', () => undefined);
      });
      // Headers arrive once the server follows changes: what is done from here on is seen.
      await Promise.all(watchers.map(headersOf));
      const order = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
      await unary((done) => client.updateOrderStatus({ id: order.id, status: 'PAID' }, bearer(), done));
      expect((await deliverSigned(receiver.url, 'msg_watch_1', orderCreatedBody('ord_from_webhook'))).status).toBe(202);
      for (const changes of seen) {
        await eventually(
          () => changes,
          (all) => all.length >= 3,
        );
        expect(changes.map((change) => [change.orderId, change.status, change.source])).toEqual([
          [order.id, 'CREATED', 'GRPC'],
          [order.id, 'PAID', 'GRPC'],
          ['ord_from_webhook', 'CREATED', 'WEBHOOK'],
        ]);
        expect(changes[2]?.order).toMatchObject({ id: 'ord_from_webhook', totalCents: '2100', source: 'WEBHOOK' });
        expect(changes[1]?.order?.status).toBe('PAID');
      }
      for (const watcher of watchers) watcher.cancel();
    } finally {
      await receiver.stop();
    }
  });

  it('an order created by a webhook is read by GetOrder and moved by UpdateOrderStatus', async () => {
    const lab = await start();
    const receiver = await startReceiver(lab);
    try {
      expect((await deliverSigned(receiver.url, 'msg_cross_1', orderCreatedBody('ord_cross_1'))).status).toBe(202);
      const client = lab.client();
      const order = await eventually(
        () =>
          unary<Order__Output>((done) => client.getOrder({ id: 'ord_cross_1' }, bearer(), done)).catch(() => undefined),
        (found) => found !== undefined,
      );
      expect(order).toMatchObject({
        id: 'ord_cross_1',
        customerEmail: 'ana@example.com',
        items: [{ sku: 'A1', quantity: 2, unitPriceCents: '1050' }],
        totalCents: '2100',
        currency: 'EUR',
        status: 'CREATED',
        source: 'WEBHOOK',
      });
      const paid = await unary<Order__Output>((done) =>
        client.updateOrderStatus({ id: 'ord_cross_1', status: 'PAID' }, bearer(), done),
      );
      expect(paid).toMatchObject({ status: 'PAID', source: 'WEBHOOK' });
    } finally {
      await receiver.stop();
    }
  });

  it('ChatOrders stores each message and delivers it to every stream open on the same order only', async () => {
    const lab = await start();
    const client = lab.client();
    const order = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    const other = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    const ana = client.chatOrders(bearer());
    const bob = lab.client().chatOrders(bearer());
    const elsewhere = lab.client().chatOrders(bearer());
    const heard = {
      ana: [] as OrderChatMessage__Output[],
      bob: [] as OrderChatMessage__Output[],
      elsewhere: [] as OrderChatMessage__Output[],
    };
    ana.on('data', (message: OrderChatMessage__Output) => heard.ana.push(message));
    bob.on('data', (message: OrderChatMessage__Output) => heard.bob.push(message));
    elsewhere.on('data', (message: OrderChatMessage__Output) => heard.elsewhere.push(message));
    // Bob and the third participant join without saying anything (empty text); Ana speaks.
    bob.write({ orderId: order.id, author: 'bob', text: '' });
    elsewhere.write({ orderId: other.id, author: 'eve', text: 'about the other order' });
    await eventually(
      () => heard.elsewhere,
      (all) => all.length === 1,
    );
    ana.write({ orderId: order.id, author: 'ana', text: 'Is it shipped yet?' });
    await eventually(
      () => heard.bob,
      (all) => all.length === 1,
    );
    bob.write({ orderId: order.id, author: 'bob', text: 'Tomorrow.' });
    await eventually(
      () => [heard.ana, heard.bob],
      (both) => both.every((messages) => messages.length === 2),
    );
    for (const messages of [heard.ana, heard.bob])
      expect(messages.map((message) => [message.author, message.text])).toEqual([
        ['ana', 'Is it shipped yet?'],
        ['bob', 'Tomorrow.'],
      ]);
    expect(heard.ana[0]?.sentAt?.seconds).toMatch(/^\d+$/);
    expect(heard.elsewhere.map((message) => message.text)).toEqual(['about the other order']);
    const stored = await lab.connection.db
      .collection('order_chat_messages')
      .find({ orderId: order.id }, { sort: { sentAt: 1, _id: 1 } })
      .toArray();
    expect(stored.map((message) => [message['author'], message['text']])).toEqual([
      ['ana', 'Is it shipped yet?'],
      ['bob', 'Tomorrow.'],
    ]);
    const ended = new Promise<ServiceError>((resolve) => ana.on('error', resolve));
    ana.write({ orderId: 'ord_nobody', author: 'ana', text: 'hello?' });
    expect((await ended).code).toBe(status.NOT_FOUND);
    for (const stream of [bob, elsewhere]) stream.end();
  });

  it('ChatOrders refuses a text with terminal control characters with INVALID_ARGUMENT, storing nothing', async () => {
    const lab = await start();
    const client = lab.client();
    const order = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
    const chat = client.chatOrders(bearer());
    chat.on('data', () => undefined);
    const ended = new Promise<ServiceError>((resolve) => chat.on('error', resolve));
    chat.write({ orderId: order.id, author: 'mallory', text: 'hi\u001b[2J' });
    const error = await ended;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toBe('Invalid request: text must not contain control characters');
    expect(await lab.connection.db.collection('order_chat_messages').countDocuments()).toBe(0);
  });

  it('ImportOrders creates the valid orders of a mixed stream and says why each other one was rejected', async () => {
    const lab = await start();
    const client = lab.client();
    const answer = new Promise<ImportOrdersResponse__Output>((resolve, reject) => {
      const stream = client.importOrders(bearer(), (error, response) =>
        error === null ? resolve(response!) : reject(error),
      );
      for (let index = 0; index < 50; index++) {
        if (index === 7) stream.write(orderRequest({ customerEmail: 'nope' }));
        else if (index === 20) stream.write(orderRequest({ items: [] }));
        else if (index === 33)
          stream.write(orderRequest({ items: [{ sku: 'X', name: 'X', quantity: -2, unitPriceCents: 100 }] }));
        else stream.write(orderRequest({ customerEmail: `buyer${index}@example.com` }));
      }
      stream.end();
    });
    const response = await answer;
    expect(response.created).toBe(47);
    expect(response.rejected).toBe(3);
    expect(response.rejections).toEqual([
      { index: 7, field: 'customer_email', reason: expect.stringContaining('customer_email must be an email address') },
      { index: 20, field: 'items', reason: 'items must contain at least one item' },
      { index: 33, field: 'items[0].quantity', reason: 'items[0].quantity must be greater than 0, got -2' },
    ]);
    expect(await lab.connection.db.collection('orders').countDocuments({ source: 'grpc' })).toBe(47);
    await eventually(
      () => lab.notifications,
      (all) => all.length === 47,
    );
    expect(lab.notifications).toHaveLength(47);
  });
});
