import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabConfig } from '../src/config/lab-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLoggerFactory } from '../src/log/create-logger-factory.js';
import { findLabService, labServices } from '../src/services/registry.js';
import type { StartedService } from '../src/services/registry/service-definition.js';
import { startDashboardServer } from '../src/services/ws/dashboard/start-dashboard-server.js';
import { startWebhookSender } from '../src/services/webhooks/sender/start-webhook-sender.js';
import { listenHttp } from '../src/services/listen-http.js';
import { startLabDatabase } from './helpers/lab-database.js';
import { listeningAddresses } from './helpers/listening-addresses.js';
import { startScriptedReceiver } from './helpers/scripted-receiver.js';
import { useTempDir } from './helpers/temp-dir.js';
import { testSecret } from './helpers/webhook-lab.js';

const apiToken = 'api-token-for-network-tests-0123';
const quiet = createLoggerFactory({ logDir: '/tmp/rtlab-test-logs-unused', level: 'error', console: false });

/** An HTTP request to 127.0.0.1 with any headers, Host and Origin included (as a browser or curl would send them). */
async function get(url: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET', body?: string) {
  const response = await request(url, { method, headers, ...(body === undefined ? {} : { body }) });
  return { status: response.statusCode, text: await response.body.text() };
}

describe('the lab on a shared network', () => {
  const tempDir = useTempDir('rtlab-network-');
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  function configWith(env: Record<string, string>): LabConfig {
    const ports = Object.fromEntries(
      ['RECEIVER_PORT', 'SENDER_PORT', 'GRPC_PORT', 'GRPC_BRIDGE_PORT', 'WS_PORT', 'WEB_PORT', 'MONGO_PORT'].map(
        (key) => [key, '0'],
      ),
    );
    return loadConfig({
      cwd: tempDir(),
      env: {
        WEBHOOK_SECRET: testSecret,
        JWT_SECRET: 'jwt-secret-for-tests-0123',
        WS_TOKEN: 'ws-token-for-tests',
        LOG_LEVEL: 'error',
        ...ports,
        ...env,
      },
    });
  }

  async function startSender(host: string | undefined, token?: string) {
    const database = await startLabDatabase();
    const receiver = await startScriptedReceiver([{ status: 202 }]);
    const sender = await startWebhookSender({
      port: 0,
      ...(host === undefined ? {} : { host }),
      apiToken: token,
      db: database.connection.db,
      receiverUrl: receiver.url,
      secret: testSecret,
      logger: quiet.forService('webhooks-sender'),
    });
    stops.push(database.stop, receiver.stop, sender.stop);
    return { sender, receiver, db: database.connection.db };
  }

  it('every lab service listens on 127.0.0.1 by default, never on every interface', async () => {
    const config = configWith({});
    expect(config.host).toBe('127.0.0.1');
    const database = await startLabDatabase();
    stops.push(database.stop);
    const logs = createLoggerFactory({ logDir: `${config.home}/logs`, level: 'error', console: false });
    for (const { name, start } of labServices) {
      const started: StartedService = await start({ config, logs, db: database.connection.db });
      stops.push(() => started.stop());
      expect({ name, addresses: listeningAddresses(started.port) }).toEqual({ name, addresses: ['127.0.0.1'] });
    }
    expect(labServices.map((service) => service.name)).toEqual(
      expect.arrayContaining(['webhooks-receiver', 'webhooks-sender', 'ws-server', 'ws-client']),
    );

    const bare = await listenHttp((_req, res) => res.end(), { port: 0, service: 'any', setting: 'ANY_PORT' });
    stops.push(bare.stop);
    expect(bare.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('HOST=0.0.0.0 opens the services, as inside containers', async () => {
    const config = configWith({ HOST: '0.0.0.0', RTLAB_API_TOKEN: apiToken });
    const database = await startLabDatabase();
    stops.push(database.stop);
    const logs = createLoggerFactory({ logDir: `${config.home}/logs`, level: 'error', console: false });
    const started = await findLabService('webhooks-sender')!.start({ config, logs, db: database.connection.db });
    stops.push(() => started.stop());
    expect(listeningAddresses(started.port)).toEqual(['0.0.0.0']);
  });

  it('refuses GET and POST /send from a web page of another site, and sends nothing for them', async () => {
    const { sender, receiver, db } = await startSender(undefined);
    const refusals = [
      await get(`${sender.url}/send?type=order.cancelled&orderId=ord_victim`, { origin: 'https://evil.example' }),
      await get(`${sender.url}/send`, { 'sec-fetch-site': 'cross-site' }),
      // Another port of localhost is another application: a dev server's page must not send either.
      await get(`${sender.url}/send`, { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' }),
      await get(`${sender.url}/send`, { origin: 'null' }),
      // A browser without Fetch Metadata loading <img src=".../send">: no Origin on a GET, only its page as Referer.
      await get(`${sender.url}/send`, { referer: 'http://evil.com/page.html' }),
      await get(
        `${sender.url}/send`,
        { origin: 'https://evil.example', 'content-type': 'application/json' },
        'POST',
        '{"type":"order.cancelled","data":{"orderId":"ord_victim"}}',
      ),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(403);
      expect(JSON.parse(refusal.text)).toMatchObject({
        error: 'cross_site_request',
        message: expect.stringContaining('CSRF'),
      });
    }
    // A page whose domain was re-pointed at 127.0.0.1 (DNS rebinding) is same-origin with itself; its Host gives it away.
    const rebound = await get(`${sender.url}/send`, {
      host: `evil.example:${sender.port}`,
      origin: `http://evil.example:${sender.port}`,
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.text)).toMatchObject({ error: 'foreign_host' });

    // curl from this machine still works, and its two events are the only ones that ever left.
    const curl = await get(`http://localhost:${sender.port}/send`, { 'user-agent': 'curl/8.5.0', accept: '*/*' });
    expect(curl).toEqual({ status: 200, text: '{"status":"sent","count":2}' });
    const sameOrigin = await get(`${sender.url}/send?count=1`, { origin: sender.url, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(200);
    const ownPage = await get(`${sender.url}/send?count=1`, { referer: `${sender.url}/` });
    expect(ownPage.status).toBe(200);
    expect(receiver.requests).toHaveLength(4);
    expect(await db.collection('webhook_deliveries').countDocuments()).toBe(4);
  });

  it('with HOST open, /send needs RTLAB_API_TOKEN: 401 without it, sent with a Bearer header or ?token=', async () => {
    const { sender, receiver } = await startSender('0.0.0.0', apiToken);
    const url = `http://127.0.0.1:${sender.port}/send`;
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong-token-of-any-length' },
      { authorization: `Basic ${apiToken}` },
    ]) {
      const refused = await get(url, headers);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text)).toMatchObject({
        error: 'unauthorized',
        message: expect.stringContaining('RTLAB_API_TOKEN'),
      });
    }
    expect((await get(`${url}?count=1`, { origin: 'https://evil.example' }, 'GET')).status).toBe(403);
    expect(await get(url, { authorization: `Bearer ${apiToken}` })).toEqual({
      status: 200,
      text: '{"status":"sent","count":2}',
    });
    expect((await get(`${url}?count=1&token=${apiToken}`)).status).toBe(200);
    expect(receiver.requests).toHaveLength(3);
    // The health probes of a container runtime need no token.
    expect((await get(`http://127.0.0.1:${sender.port}/healthz`)).status).toBe(200);
  });

  it('an open sender without a configured token refuses everyone', async () => {
    const { sender, receiver } = await startSender('0.0.0.0', undefined);
    expect((await get(`http://127.0.0.1:${sender.port}/send`)).status).toBe(401);
    expect((await get(`http://127.0.0.1:${sender.port}/send?token=`)).status).toBe(401);
    expect(receiver.requests).toHaveLength(0);
  });

  it("the dashboard's /config.json: this machine's pages on loopback; with HOST open, token holders only", async () => {
    const common = {
      port: 0,
      webRoot: tempDir(),
      wsServerUrl: 'http://127.0.0.1:3003',
      token: 'ws-token-for-tests',
      logger: quiet.forService('ws-client'),
    };
    const local = await startDashboardServer(common);
    stops.push(local.stop);
    expect(JSON.parse((await get(`${local.url}/config.json`)).text)).toEqual({
      wsServerUrl: 'http://127.0.0.1:3003',
      token: 'ws-token-for-tests',
    });
    expect((await get(`${local.url}/config.json`, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await get(`${local.url}/config.json`, { host: 'evil.example' })).status).toBe(403);

    const open = await startDashboardServer({ ...common, host: '0.0.0.0', apiToken });
    stops.push(open.stop);
    expect(listeningAddresses(open.port)).toEqual(['0.0.0.0']);
    const anonymous = await get(`http://127.0.0.1:${open.port}/config.json`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain('ws-token-for-tests');
    expect(
      JSON.parse(
        (await get(`http://127.0.0.1:${open.port}/config.json`, { authorization: `Bearer ${apiToken}` })).text,
      ),
    ).toMatchObject({ token: 'ws-token-for-tests' });
    expect((await get(`http://127.0.0.1:${open.port}/config.json?token=${apiToken}`)).status).toBe(200);
  });
});
