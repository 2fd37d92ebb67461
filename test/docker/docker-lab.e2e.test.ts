import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerLabNames } from '../../src/runtime/docker/docker-lab-names.js';
import type { LabState } from '../../src/runtime/lab-state/lab-state.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { heldPorts, isRunning, useLabFolder, type LabFolder } from '../up/lab-folder.js';
import { buildTestImage, labelled, requireContainerEngine, testNodeImage } from './container-engine.js';
import { createSharedLabFolder } from './shared-lab-folder.js';

const engine = requireContainerEngine();
// A first build installs and compiles inside the engine: minutes on a loaded machine.
const labTimeoutMs = 900_000;
/** A test on the running lab: each CLI command and container call can take seconds on a loaded machine. */
const onLabTimeoutMs = 120_000;
/** Every long-running service of the lab (grpc-client runs once; mongo is checked on its own). */
const serviceParts = ['webhooks-receiver', 'webhooks-sender', 'grpc-server', 'grpc-bridge', 'ws-server', 'ws-client'];

function rtlab(lab: LabFolder, args: readonly string[], mongoImage = 'rtlab') {
  return runRtlab(['--cwd', lab.cwd, ...args], {
    cwd: lab.cwd,
    env: {
      ...lab.env,
      DOCKER_HOST: process.env['DOCKER_HOST'] ?? '',
      // MongoDB's image cannot be pulled here: rtlab's own engine runs as the `mongo` container.
      RTLAB_MONGO_IMAGE: mongoImage,
      RTLAB_NODE_IMAGE: testNodeImage,
    },
  });
}

function readState(lab: LabFolder): LabState {
  return JSON.parse(readFileSync(path.join(lab.home, 'state.json'), 'utf8')) as LabState;
}

/** The messages one part of the lab logged (`<RTLAB_HOME>/logs/<part>.log`). */
function loggedBy(lab: LabFolder, part: string): string[] {
  return readFileSync(path.join(lab.home, 'logs', `${part}.log`), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { message: string }).message);
}

/** The API token of the .env rtlab wrote into the lab's folder: the containers' services ask for it. */
function apiToken(lab: LabFolder): string {
  return parseEnv(readFileSync(path.join(lab.cwd, '.env'), 'utf8'))['RTLAB_API_TOKEN'] ?? '';
}

describe.skipIf(!engine.available)('rtlab up --docker', () => {
  const labFolder = useLabFolder();
  const failingMongoImage = 'rtlab-test-failing-mongo:local';
  // One lab of every profile for the file: scenario 1, the dashboard and down all run on it.
  let lab: LabFolder & { close(): Promise<void> };
  let up: Awaited<ReturnType<typeof rtlab>>;
  let upMs: number;

  beforeAll(async () => {
    lab = await createSharedLabFolder();
    const since = Date.now();
    [up] = await Promise.all([
      rtlab(lab, ['up', '--docker', '-d']),
      // The stand-in MongoDB of the last test builds meanwhile (it is one layer on the Node base).
      buildTestImage(
        failingMongoImage,
        `FROM ${testNodeImage}\nENTRYPOINT ["node", "-e", "for (let i = 1; i <= 60; i++) console.log('failing line ' + i); process.exit(4)", "--"]\n`,
      ),
    ]);
    upMs = Date.now() - since;
  }, labTimeoutMs);
  afterAll(() => lab?.close(), 30_000);

  it(
    'builds the image, runs every service in containers, serves scenario 1 across them and logs it',
    async () => {
      expect(up.stderr).toMatch(/✓ image +ready in \d+ ms +rtlab:lab/);
      expect(up.code, up.stderr).toBe(0);
      console.info(`rtlab up --docker -d (every profile): ${upMs} ms`);
      expect(up.stdout).toMatch(
        new RegExp(`^webhooks-receiver +http://127\\.0\\.0\\.1:${lab.env.RECEIVER_PORT}$`, 'm'),
      );
      expect(up.stdout).toMatch(new RegExp(`^webhooks-sender +http://127\\.0\\.0\\.1:${lab.env.SENDER_PORT}$`, 'm'));
      const state = readState(lab);
      expect(state.runtime).toBe('docker');
      const names = dockerLabNames(lab.home);
      // grpc-client's container runs once, on its own time after the start: not part of this list.
      const oneShot = `/${names.container('grpc-client')}`;
      expect((await labelled(names)).containers.filter((name) => name !== oneShot).sort()).toEqual(
        [...serviceParts, 'mongo'].map((part) => `/${names.container(part)}`).sort(),
      );

      const status = await rtlab(lab, ['status', '--json']);
      expect(status.code).toBe(0);
      const report = JSON.parse(status.stdout) as { healthy: boolean; services: { name: string; ready: boolean }[] };
      expect(report.healthy).toBe(true);
      expect(report.services.map((service) => [service.name, service.ready]).sort()).toEqual(
        ['mongo', ...serviceParts].map((name) => [name, true]).sort(),
      );

      // Scenario 1: the sender (a container) signs and delivers to the receiver (another), which stores in MongoDB (a third).
      const sent = await fetch(`http://127.0.0.1:${lab.env.SENDER_PORT}/send`, {
        headers: { authorization: `Bearer ${apiToken(lab)}` },
      });
      expect(await sent.json()).toEqual({ status: 'sent', count: 2 });
      const client = await MongoClient.connect(state.mongoUrl!);
      try {
        const events = client.db('realtime_labs').collection('webhook_events');
        for (let i = 0; i < 200 && (await events.countDocuments({ type: 'order.created' })) < 2; i++)
          await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await events.countDocuments({ type: 'order.created' })).toBe(2);
      } finally {
        await client.close();
      }
      const logs = await rtlab(lab, [
        'tail',
        'logs',
        'webhooks-receiver',
        '--grep',
        'Handling order.created event',
        '--no-follow',
      ]);
      expect(logs.stdout.match(/Handling order\.created event/g)).toHaveLength(2);
    },
    onLabTimeoutMs,
  );

  it(
    "the dashboard's page, opened on this machine, is given the ws-server's published URL, and its Orders panel reaches the bridge container",
    async () => {
      const headers = { authorization: `Bearer ${apiToken(lab)}` };
      const dashboard = `http://127.0.0.1:${lab.env.WEB_PORT}`;

      // What the page reads first, fetched from this machine as the browser does.
      const config = (await (await fetch(`${dashboard}/config.json`, { headers })).json()) as {
        wsServerUrl: string;
        ordersUrl: string;
      };
      expect(config.wsServerUrl).toBe(`http://127.0.0.1:${lab.env.WS_PORT}`);
      expect(config.ordersUrl).toBe('/api/orders');
      // The page's Socket.IO connection: the Engine.IO handshake at the URL it was given.
      const handshake = await fetch(`${config.wsServerUrl}/socket.io/?EIO=4&transport=polling`);
      expect(handshake.status).toBe(200);
      expect(await handshake.text()).toMatch(/^0\{"sid":/);

      // The Orders panel: through the dashboard's container to the bridge's, which calls the gRPC
      // server's; the seed's grpc-client container created an order there.
      let orders: unknown[] = [];
      for (let i = 0; i < 300 && orders.length === 0; i++) {
        const response = await fetch(`${dashboard}${config.ordersUrl}`, { headers });
        expect(response.status, await response.clone().text()).toBe(200);
        orders = (await response.json()) as unknown[];
        if (orders.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(orders.length).toBeGreaterThan(0);
      expect(orders[0]).toMatchObject({ id: expect.stringMatching(/^ord_/) });
    },
    onLabTimeoutMs,
  );

  it(
    'down stops every container by its own clean stop on SIGTERM (none killed), services before MongoDB, and removes them and the network',
    async () => {
      const names = dockerLabNames(lab.home);
      const state = readState(lab);
      const down = await rtlab(lab, ['down']);
      expect(down.code).toBe(0);
      expect(down.stdout).toMatch(/Stopped the lab/);
      expect(isRunning(state.pid)).toBe(false);
      expect(heldPorts(lab)).toEqual([]);
      // Each service said it stopped (its own handler ran, its last lines followed to the end), and its
      // container exited 0: not 137, the engine's kill of one that ignored SIGTERM.
      for (const part of serviceParts) {
        const logged = loggedBy(lab, part);
        expect(logged, part).toContain(`${part} stopped`);
        expect(logged, part).toContain(`The ${part} container exited with code 0`);
      }
      const mongoLogged = loggedBy(lab, 'mongo');
      expect(mongoLogged).toContain('MongoDB-compatible server stopped');
      expect(mongoLogged).toContain('The mongo container exited with code 0');
      // The data stays for the next start, unless asked.
      expect(await labelled(names)).toEqual({ containers: [], networks: [], volumes: [names.volume] });
      expect((await rtlab(lab, ['down', '--volumes'])).code).toBe(0);
      expect(await labelled(names)).toEqual({ containers: [], networks: [], volumes: [] });
    },
    onLabTimeoutMs,
  );

  it(
    'down after a kill -9 of the lab removes everything labelled with it, the volume too with --volumes',
    async () => {
      const lab = await labFolder();
      const names = dockerLabNames(lab.home);
      const since = Date.now();
      expect((await rtlab(lab, ['up', '--docker', '-d', '--profile', 'webhooks'])).code).toBe(0);
      // The image is cached by now (the first lab built it): the figure issue 11 asks for, not asserted.
      console.info(`rtlab up --docker -d --profile webhooks, image cached: ${Date.now() - since} ms`);
      // Found by its sources' fingerprint: the engine was not asked to build (nor to check every step) again.
      expect(readFileSync(path.join(lab.home, 'logs', 'image.log'), 'utf8')).toMatch(
        /rtlab:lab is up to date \(sources [0-9a-f]{12}\): nothing to build/,
      );
      const state = readState(lab);
      process.kill(state.pid, 'SIGKILL');
      while (isRunning(state.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
      // The containers outlive their supervisor until down.
      expect((await labelled(names)).containers).toHaveLength(3);

      const down = await rtlab(lab, ['down', '--volumes']);
      expect(down.stdout).toMatch(/had already stopped/);
      expect(down.code).toBe(0);
      expect(await labelled(names)).toEqual({ containers: [], networks: [], volumes: [] });
      expect(heldPorts(lab)).toEqual([]);
    },
    labTimeoutMs,
  );

  it(
    'a container that exits before it is ready fails the start with its last 50 log lines, and leaves nothing labelled',
    async () => {
      const lab = await labFolder();
      const names = dockerLabNames(lab.home);
      const up = await rtlab(lab, ['up', '--docker', '-d', '--profile', 'webhooks'], failingMongoImage);
      expect(up.code).toBe(3);
      expect(up.stderr).toMatch(/The mongo container exited with code 4 before it was ready/);
      expect(up.stderr).toMatch(/failing line 11\n/);
      expect(up.stderr).toMatch(/failing line 60\n/);
      expect(up.stderr).not.toMatch(/failing line 10\n/);
      const left = await labelled(names);
      expect([left.containers, left.networks]).toEqual([[], []]);
    },
    labTimeoutMs,
  );
});
