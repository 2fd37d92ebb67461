import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { EnvironmentError } from '../src/errors.js';
import { createLoggerFactory } from '../src/log/create-logger-factory.js';
import { allOf } from '../src/runtime/readiness/all-of.js';
import { httpPath } from '../src/runtime/readiness/http-path.js';
import { createLogFeed } from '../src/runtime/readiness/log-feed.js';
import { logLine } from '../src/runtime/readiness/log-line.js';
import { mongoPing } from '../src/runtime/readiness/mongo-ping.js';
import { socketIoHandshake } from '../src/runtime/readiness/socket-io-handshake.js';
import { tcpPort } from '../src/runtime/readiness/tcp-port.js';
import { waitUntilReady } from '../src/runtime/readiness/wait-until-ready.js';
import { startLabService } from '../src/runtime/start-lab-service.js';
import { findLabService, labParts, labServices } from '../src/services/registry.js';
import { startLabDatabase } from './helpers/lab-database.js';
import { useTempDir } from './helpers/temp-dir.js';
import { testSecret } from './helpers/webhook-lab.js';

describe('the service registry', () => {
  const tempDir = useTempDir('rtlab-registry-');
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function labConfig() {
    const database = await startLabDatabase();
    stops.push(database.stop);
    const ports = Object.fromEntries(labParts.map((part) => [part.portSetting, '0']));
    const config = loadConfig({
      cwd: tempDir(),
      env: {
        WEBHOOK_SECRET: testSecret,
        JWT_SECRET: 'jwt-secret-for-tests-0123',
        WS_TOKEN: 'ws-token-for-tests',
        LOG_LEVEL: 'error',
        MONGO_URL: database.mongo.uri,
        ...ports,
      },
    });
    const logs = createLoggerFactory({ logDir: `${config.home}/logs`, level: 'error', console: false });
    stops.push(async () => logs.close());
    return { config, logs, mongoUrl: database.mongo.uri };
  }

  it('names every part once, each with its own port setting', () => {
    const names = labParts.map((part) => part.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(labParts.map((part) => part.portSetting)).size).toBe(labParts.length);
    expect(labServices.map((service) => service.name)).toEqual([
      'webhooks-receiver',
      'webhooks-sender',
      'grpc-server',
      'grpc-bridge',
      'ws-server',
      'ws-client',
    ]);
  });

  it.each(labServices.map((service) => [service.name]))(
    '%s starts, answers its readiness at its base URL, and stops (idempotently)',
    async (name) => {
      const { config, logs } = await labConfig();
      const definition = findLabService(name)!;
      const running = await startLabService(definition, { config, logs, readyTimeoutMs: 10_000 });
      stops.push(() => running.stop());
      const { service } = running;
      expect(service.name).toBe(name);
      expect(service.port).toBeGreaterThan(0);
      expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
      expect(await tcpPort().probe({ service: name, url: service.url }, 1000)).toEqual({ ready: true });
      await running.stop();
      await running.stop();
      expect(await tcpPort().probe({ service: name, url: service.url }, 1000)).toMatchObject({
        ready: false,
        detail: expect.stringContaining('ECONNREFUSED'),
      });
    },
  );

  it('the receiver takes deliveries at the configured delivery URL, a path under its base URL', async () => {
    const { config, logs } = await labConfig();
    const running = await startLabService(findLabService('webhooks-receiver')!, {
      config: { ...config, ports: { ...config.ports, receiver: 0 } },
      logs,
    });
    stops.push(() => running.stop());
    const answer = await fetch(`${running.service.url}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(400);
    expect(config.receiverUrl).toMatch(/\/webhooks$/);
  });

  it("the dashboard's hint names the sender where the configuration puts it, not a fixed port", async () => {
    const { config, logs } = await labConfig();
    const running = await startLabService(findLabService('ws-client')!, {
      config: { ...config, ports: { ...config.ports, sender: 4567 } },
      logs,
    });
    stops.push(() => running.stop());
    expect(await (await fetch(`${running.service.url}/config.json`)).json()).toMatchObject({
      senderUrl: 'http://127.0.0.1:4567',
    });
  });

  it('MongoDB ping and the Socket.IO handshake tell a ready server from a plain HTTP one', async () => {
    const { config, logs, mongoUrl } = await labConfig();
    expect(await mongoPing().probe({ service: 'mongo', url: mongoUrl }, 2000)).toEqual({ ready: true });
    const ws = await startLabService(findLabService('ws-server')!, { config, logs });
    stops.push(() => ws.stop());
    expect(await socketIoHandshake().probe({ service: 'ws-server', url: ws.service.url }, 2000)).toEqual({
      ready: true,
    });
    const plain = await startPlainServer(404);
    expect(await socketIoHandshake().probe({ service: 'x', url: plain.url }, 2000)).toMatchObject({
      ready: false,
      check: 'Socket.IO handshake',
      detail: expect.stringContaining('answered 404'),
    });
    await plain.stop();
  });
});

describe('readiness timeouts', () => {
  it('name the service, the check that was not ready and what it saw, and quote the last log lines', async () => {
    const plain = await startPlainServer(503);
    const logs = createLogFeed();
    logs.push('info starting\n');
    for (let i = 1; i <= 12; i++) logs.push(`warn database unavailable, attempt ${i}\n`);
    const error = await waitUntilReady(
      allOf(logLine('starting'), httpPath('/readyz')),
      { service: 'webhooks-receiver', url: plain.url, logs },
      { timeoutMs: 300 },
    ).catch((e: unknown) => e);
    await plain.stop();
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as EnvironmentError).message;
    expect(message).toMatch(/^webhooks-receiver was not ready within 0\.3 s: GET \/readyz — answered 503/);
    expect(message).toContain('warn database unavailable, attempt 12');
    expect(message).toContain('warn database unavailable, attempt 3');
    expect(message).not.toContain('attempt 2\n');
    expect((error as EnvironmentError).exitCode).toBe(3);
  });

  it('a log line counted: names how many of how many were seen', async () => {
    const logs = createLogFeed();
    logs.push('Chat message broadcasted\nsomething else\n');
    const error = await waitUntilReady(
      logLine('Chat message broadcasted', 2),
      { service: 'ws-server', logs },
      { timeoutMs: 200 },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^ws-server was not ready within 0\.2 s: log line "Chat message broadcasted" ×2 — seen 1 of 2\. Its last log lines:\n {4}Chat message broadcasted\n {4}something else$/,
    );
    logs.push('Chat message broadcasted\n');
    await expect(
      waitUntilReady(logLine('Chat message broadcasted', 2), { service: 'ws-server', logs }, { timeoutMs: 200 }),
    ).resolves.toBeUndefined();
  });
});

async function startPlainServer(status: number): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((_req, res) =>
    res.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
