import { readFileSync } from 'node:fs';
import path from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import type { OrderChange__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderChange.js';
import type { OrderServiceClient } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderService.js';
import { loadOrderService } from '../../src/services/grpc/load-order-service.js';
import { buildWebhookHeaders } from '../../src/services/webhooks/signing/sign-webhook.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { useServedLab } from '../helpers/served-lab.js';
import { eventually } from '../helpers/webhook-lab.js';
import { orderCreatedBody } from '../webhooks/deliver-signed.js';
import { headersOf, unary } from './grpc-calls.js';
import { bearer } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';
import { signTestToken } from './test-tokens.js';

/** A setting from the `.env` that rtlab wrote in the lab's folder on first use. */
function dotenvValue(cwd: string, key: string): string {
  const line = readFileSync(path.join(cwd, '.env'), 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${key}=`));
  if (line === undefined) throw new Error(`.env has no ${key}`);
  return line.slice(key.length + 1).replace(/^"|"$/g, '');
}

describe('rtlab serve grpc-server, beside the webhooks receiver, as separate processes', () => {
  const lab = useServedLab(
    ['grpc-server', 'webhooks-receiver'],
    ['GRPC_PORT', 'RECEIVER_PORT', 'WS_PORT', 'MONGO_PORT'],
  );
  const clients: OrderServiceClient[] = [];
  afterAll(() => clients.forEach((client) => client.close()));

  function connect(): { client: OrderServiceClient; token: string } {
    const { proto } = loadOrderService();
    const client = new proto.rtlab.orders.v1.OrderService(
      `127.0.0.1:${lab().env['GRPC_PORT']}`,
      credentials.createInsecure(),
    );
    clients.push(client);
    const token = signTestToken(
      { sub: 'e2e', scope: 'orders:write', exp: Math.floor(Date.now() / 1000) + 600 },
      { secret: dotenvValue(lab().cwd, 'JWT_SECRET') },
    );
    return { client, token };
  }

  it("serves CreateOrder with JWT_SECRET's tokens and logs it; a webhook's order is watched and read over gRPC", async () => {
    const { client, token } = connect();
    const created = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(token), done));
    const log = path.join(lab().cwd, '.rtlab', 'logs', 'grpc-server.log');
    const lines = await eventually(
      () => readFileSync(log, 'utf8'),
      (text) => text.includes(created.id),
    );
    expect(lines).toMatch(new RegExp(`"message":"CreateOrder succeeded".*"orderId":"${created.id}"`));

    const watch = client.watchOrders({}, bearer(token));
    watch.on('error', () => undefined);
    const firstChange = new Promise<OrderChange__Output>((resolve) => watch.once('data', resolve));
    await headersOf(watch);
    const body = orderCreatedBody('ord_e2e_webhook');
    const headers = buildWebhookHeaders({
      id: 'msg_e2e_webhook',
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secret: dotenvValue(lab().cwd, 'WEBHOOK_SECRET'),
    });
    const delivered = await fetch(`http://127.0.0.1:${lab().env['RECEIVER_PORT']}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect(delivered.status).toBe(202);
    expect(await firstChange).toMatchObject({ orderId: 'ord_e2e_webhook', status: 'CREATED', source: 'WEBHOOK' });
    watch.cancel();
    const read = await unary<Order__Output>((done) => client.getOrder({ id: 'ord_e2e_webhook' }, bearer(token), done));
    expect(read).toMatchObject({ id: 'ord_e2e_webhook', source: 'WEBHOOK', totalCents: '2100' });
    const refused = await unary((done) => client.getOrder({ id: created.id }, bearer('x.y.z'), done)).catch(
      (error: ServiceError) => error.code,
    );
    expect(refused).toBe(status.UNAUTHENTICATED);
  });

  it('a second rtlab serve grpc-server on its port exits 3 naming the one already running', async () => {
    const again = await runRtlab(['serve', 'grpc-server'], lab());
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(
      new RegExp(`Port ${lab().env['GRPC_PORT']} is in use: the lab's own grpc-server is already running there`),
    );
  });
});
