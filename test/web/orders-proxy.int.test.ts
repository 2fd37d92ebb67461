import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { useOrdersLab } from './orders-lab.js';

const json = { 'content-type': 'application/json' };
const anOrder = (customerEmail: string) =>
  JSON.stringify({
    customerEmail,
    currency: 'USD',
    items: [{ sku: 'CB-01', name: 'Cable', quantity: 2, unitPriceCents: 799 }],
  });

/** Reads a stream's text until `wanted` appears in it; the stream is left open. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, wanted: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(wanted)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before ${JSON.stringify(wanted)}; it sent: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe("the dashboard's /api/orders, the gRPC bridge served same-origin", () => {
  const start = useOrdersLab();

  it('passes statuses, bodies and headers through both ways', async () => {
    const lab = await start();
    const api = `${lab.dashboard.url}/api/orders`;
    const created = await fetch(api, { method: 'POST', headers: json, body: anOrder('proxy@example.com') });
    expect(created.status).toBe(201);
    const order = (await created.json()) as { id: string; status: string };
    expect(order).toMatchObject({
      id: expect.stringMatching(/^ord_/),
      status: 'CREATED',
      source: 'HTTP',
      totalCents: 1598,
    });
    expect(created.headers.get('location')).toBe(`/api/orders/${order.id}`);
    expect(await lab.grpc.connection.db.collection('orders').findOne({ orderId: order.id })).toMatchObject({
      customerEmail: 'proxy@example.com',
    });

    const listed = await fetch(`${api}?customerEmail=proxy@example.com&limit=5`);
    expect(await listed.json()).toEqual([order]);
    expect(await (await fetch(`${api}/${order.id}`)).json()).toEqual(order);

    const invalid = await fetch(api, { method: 'POST', headers: json, body: anOrder('not-an-email') });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: 'invalid_argument',
      issues: [{ path: 'customer_email', message: expect.stringContaining('must be an email address') }],
    });
    const move = (status: string) =>
      fetch(`${api}/${order.id}/status`, { method: 'PATCH', headers: json, body: JSON.stringify({ status }) });
    expect(await (await move('PAID')).json()).toMatchObject({ status: 'PAID' });
    const backwards = await move('CREATED');
    expect(backwards.status).toBe(409);
    expect(await backwards.json()).toMatchObject({ error: 'failed_precondition' });
    expect((await fetch(`${api}/ord_nothing_here`)).status).toBe(404);
  });

  it('streams each Server-Sent Event of /orders/watch as the bridge writes it, while the stream stays open', async () => {
    const lab = await start();
    const leaving = new AbortController();
    const watch = await fetch(`${lab.dashboard.url}/api/orders/watch`, { signal: leaving.signal });
    expect(watch.status).toBe(200);
    expect(watch.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = watch.body!.getReader();
    try {
      await readUntil(reader, ': watching order changes\n\n');
      const order = await lab.createOrderByGrpc('live@example.com');
      const text = await readUntil(reader, `"orderId":"${order.id}"`);
      expect(text).toMatch(new RegExp(`event: order-change\\nid: [^\\n]+\\ndata: \\{"orderId":"${order.id}"`));
    } finally {
      leaving.abort();
    }
  });

  it('refuses what a page of another site makes a browser send, and creates nothing', async () => {
    const lab = await start();
    const api = `${lab.dashboard.url}/api/orders`;
    const fromElsewhere: Array<Record<string, string>> = [
      { origin: 'http://attacker.example' },
      { 'sec-fetch-site': 'cross-site' },
      { referer: 'http://attacker.example/page.html' },
    ];
    for (const headers of fromElsewhere) {
      const refused = await fetch(api, {
        method: 'POST',
        headers: { ...json, ...headers },
        body: anOrder('csrf@example.com'),
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: 'cross_site_request' });
    }
    expect((await fetch(`${api}/watch`, { headers: { origin: 'http://attacker.example' } })).status).toBe(403);
    // The page's own origin is served (the bridge itself would refuse it: it is another origin there).
    const own = await fetch(api, {
      method: 'POST',
      headers: { ...json, origin: lab.dashboard.url },
      body: anOrder('own@example.com'),
    });
    expect(own.status).toBe(201);
    expect(
      await lab.grpc.connection.db.collection('orders').countDocuments({ customerEmail: 'csrf@example.com' }),
    ).toBe(0);
  });

  it('open to the network, asks the page for RTLAB_API_TOKEN and presents it to the bridge itself', async () => {
    const apiToken = 'api-token-for-the-orders-proxy';
    const lab = await start({ host: '0.0.0.0', apiToken });
    const api = `${lab.dashboard.url}/api/orders`;
    expect((await fetch(api)).status).toBe(401);
    expect((await fetch(api, { headers: { authorization: 'Bearer wrong-token-of-same-size-0' } })).status).toBe(401);
    const allowed = await fetch(api, { headers: { authorization: `Bearer ${apiToken}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual([]);
    expect((await fetch(`${api}?token=${apiToken}`)).status).toBe(200);
  });

  it('says which bridge does not answer (502) while the rest of the dashboard keeps serving', async () => {
    const lab = await start({ bridgeUrl: `http://127.0.0.1:${await freePort()}` });
    const down = await fetch(`${lab.dashboard.url}/api/orders/watch`);
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({
      error: 'bridge_unreachable',
      message: expect.stringContaining('start it with rtlab serve grpc-bridge'),
    });
    const config = await fetch(`${lab.dashboard.url}/config.json`);
    expect(await config.json()).toMatchObject({ ordersUrl: '/api/orders', wsServerUrl: lab.ws.url });
  });
});
