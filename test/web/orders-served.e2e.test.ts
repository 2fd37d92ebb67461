import { describe, expect, it } from 'vitest';
import { useServedLab, useServedLabDatabase } from '../helpers/served-lab.js';

describe('rtlab serve ws-client in front of rtlab serve grpc-bridge', () => {
  const lab = useServedLab(
    ['grpc-server', 'grpc-bridge', 'ws-client'],
    ['GRPC_PORT', 'GRPC_BRIDGE_PORT', 'WEB_PORT', 'MONGO_PORT', 'WS_PORT'],
  );
  const database = useServedLabDatabase(lab);

  it('serves the bridge configured by GRPC_BRIDGE_PORT at /api/orders and tells the page so', async () => {
    const dashboard = `http://127.0.0.1:${lab().env['WEB_PORT']}`;
    expect(await (await fetch(`${dashboard}/config.json`)).json()).toMatchObject({ ordersUrl: '/api/orders' });
    const created = await fetch(`${dashboard}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customerEmail: 'served@example.com',
        currency: 'EUR',
        items: [{ sku: 'KB-1', name: 'Keyboard', quantity: 1, unitPriceCents: 4999 }],
      }),
    });
    expect(created.status).toBe(201);
    const order = (await created.json()) as { id: string };
    expect(await database().collection('orders').findOne({ orderId: order.id })).toMatchObject({
      customerEmail: 'served@example.com',
      source: 'http',
    });
    const listed = (await (
      await fetch(`${dashboard}/api/orders?customerEmail=served@example.com`)
    ).json()) as unknown[];
    expect(listed).toEqual([expect.objectContaining({ id: order.id, totalCents: 4999 })]);
  }, 60_000);
});
