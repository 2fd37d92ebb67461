import path from 'node:path';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationUpdate } from '../../src/lab-events.js';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { ensureLabCollections } from '../../src/mongo/lab-collections.js';
import { startMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { startWsServer, type WsServerOptions } from '../../src/services/ws/server/start-ws-server.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/webhook-lab.js';
import { clientToken, internalToken } from '../helpers/ws-lab.js';

const update = (n: number) => ({
  orderId: `ord_${n}`,
  status: 'paid' as const,
  source: 'grpc' as const,
  eventId: `evt_${n}`,
  at: new Date(Date.UTC(2026, 10, 29, 10, 0, 0, n)).toISOString(),
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The embedded engine and the ws-server on its own MongoClient with command monitoring, so that the test counts the
 * MongoDB reads of `notifications` the server itself makes, and how many run at once.
 */
async function startMonitoredLab(logDir: string, replay: WsServerOptions['replay'] = {}) {
  const mongo = await startMongoLite({ port: 0 });
  cleanups.push(() => mongo.stop());
  const client = new MongoClient(mongo.uri, { monitorCommands: true });
  await client.connect();
  cleanups.push(() => client.close());
  await ensureLabCollections(client.db('realtime_labs'));
  const notificationReads: CommandStartedEvent[] = [];
  const running = new Set<number>();
  let mostAtOnce = 0;
  client.on('commandStarted', (event) => {
    if (event.commandName !== 'find' || event.command['find'] !== 'notifications') return;
    notificationReads.push(event);
    running.add(event.requestId);
    mostAtOnce = Math.max(mostAtOnce, running.size);
  });
  client.on('commandSucceeded', (event) => running.delete(event.requestId));
  client.on('commandFailed', (event) => running.delete(event.requestId));
  const logs = createLoggerFactory({ logDir, level: 'warn', console: false });
  cleanups.push(() => logs.close());
  const server = await startWsServer({
    port: 0,
    host: '127.0.0.1',
    db: client.db('realtime_labs'),
    logger: logs.forService('ws-server'),
    acceptToken: (token) => token === clientToken,
    internalToken,
    replay,
  });
  cleanups.push(() => server.stop());
  const sockets: Socket[] = [];
  cleanups.push(() => sockets.forEach((socket) => socket.close()));
  /** A client of its own connection; `setUp` adds listeners before it connects. */
  const connect = (namespace: string, auth: Record<string, unknown>, setUp: (socket: Socket) => void = () => {}) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`${server.url}${namespace}`, {
        auth,
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      setUp(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  return {
    server,
    notificationReads,
    mostReadsAtOnce: () => mostAtOnce,
    connect,
  };
}

// Hundreds of clients in the test's own process: slow on a loaded machine, never a fixed wait.
describe('/notifications reconnect storm', { timeout: 120_000 }, () => {
  const tempDir = useTempDir('rtlab-ws-storm-');

  it('replays every client exactly what it missed while updates go on, answers chat meanwhile, and reads MongoDB far less than once per client', async () => {
    const lab = await startMonitoredLab(path.join(tempDir(), 'logs'));
    // Starting read the newest notifications: the monitoring sees the server's own reads.
    expect(lab.notificationReads.length).toBeGreaterThan(0);
    const publisher = await lab.connect('/internal', { token: internalToken });
    for (let first = 1; first <= 1200; first += 200)
      expect(await publisher.emitWithAck('order:updates', range(first, first + 199).map(update))).toEqual({ ok: true });
    const chat = await lab.connect('/chat', { token: clientToken });
    expect(await chat.emitWithAck('chat:message', { user: 'ana', text: 'before the storm' })).toMatchObject({
      messageId: expect.any(String),
    });
    const readsBefore = lab.notificationReads.length;

    // 250 clients come back at once, most a little behind, some up to the 1,000 that are replayed (with what is published meanwhile).
    const clients = range(0, 249).map((index) => ({
      lastSeq: index % 5 === 0 ? 300 + ((index * 37) % 900) : 1200 - (index % 40),
      received: [] as NotificationUpdate[],
      resets: [] as unknown[],
    }));
    const storm = Promise.all(
      clients.map((client) =>
        lab.connect('/notifications', { token: clientToken, lastSeq: client.lastSeq }, (socket) => {
          socket.on('order:update', (item: NotificationUpdate) => client.received.push(item));
          socket.on('notifications:reset', (reset: unknown) => client.resets.push(reset));
        }),
      ),
    );
    // Publishing goes on during the storm, without waiting for each acknowledgement.
    const publishing = Promise.all(
      range(1201, 1300).map((n) => publisher.emitWithAck('order:update', update(n)) as Promise<unknown>),
    );
    // The rest of the server answers meanwhile.
    const history = chat.emitWithAck('chat:history', { limit: 10 }) as Promise<{ messages: Array<{ text: string }> }>;
    const sent = chat.emitWithAck('chat:message', { user: 'ana', text: 'during the storm' });
    const health = fetch(`${lab.server.url}/healthz`);

    expect((await history).messages.map((message) => message.text)).toContain('before the storm');
    expect(await sent).toMatchObject({ messageId: expect.any(String) });
    expect((await health).status).toBe(200);
    // No connection timed out or was refused.
    expect((await storm).every((socket) => socket.connected)).toBe(true);
    expect(new Set((await publishing).map((reply) => JSON.stringify(reply)))).toEqual(new Set(['{"ok":true}']));

    const missing = () => clients.filter((client) => client.received.length < 1300 - client.lastSeq).length;
    await eventually(missing, (count) => count === 0, 90_000);
    // Each got the updates after its position, in order, none twice, and nothing else.
    for (const client of clients) {
      expect(client.resets, `lastSeq ${client.lastSeq}`).toEqual([]);
      expect(
        client.received.map((item) => item.seq),
        `lastSeq ${client.lastSeq}`,
      ).toEqual(range(client.lastSeq + 1, 1300));
      expect(client.received.map((item) => item.eventId).at(-1)).toBe('evt_1300');
    }
    // The replays came from memory: a few reads at most, not one per client.
    expect(lab.notificationReads.length - readsBefore).toBeLessThanOrEqual(clients.length / 25);
  });

  it('replays clients behind the in-memory ring from MongoDB in shared reads, a few at a time, while the ring moves on', async () => {
    // A ring of 100 and pages of 100: most of these clients are behind the ring.
    const lab = await startMonitoredLab(path.join(tempDir(), 'logs'), { ringSize: 100, pageSize: 100 });
    const publisher = await lab.connect('/internal', { token: internalToken });
    for (let first = 1; first <= 600; first += 200)
      expect(await publisher.emitWithAck('order:updates', range(first, first + 199).map(update))).toEqual({ ok: true });
    const readsBefore = lab.notificationReads.length;

    const clients = range(0, 199).map((index) => ({
      lastSeq: (index * 53) % 600,
      received: [] as NotificationUpdate[],
    }));
    const storm = Promise.all(
      clients.map((client) =>
        lab.connect('/notifications', { token: clientToken, lastSeq: client.lastSeq }, (socket) =>
          socket.on('order:update', (item: NotificationUpdate) => client.received.push(item)),
        ),
      ),
    );
    // The ring moves on during the replays: a client may fall behind it again and read on from MongoDB.
    const publishing = Promise.all(
      range(601, 700).map((n) => publisher.emitWithAck('order:update', update(n)) as Promise<unknown>),
    );
    await storm;
    expect(new Set((await publishing).map((reply) => JSON.stringify(reply)))).toEqual(new Set(['{"ok":true}']));
    await eventually(
      () => clients.filter((client) => client.received.length < 700 - client.lastSeq).length,
      (count) => count === 0,
      90_000,
    );
    for (const client of clients)
      expect(
        client.received.map((item) => item.seq),
        `lastSeq ${client.lastSeq}`,
      ).toEqual(range(client.lastSeq + 1, 700));
    const reads = lab.notificationReads.length - readsBefore;
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(clients.length / 10);
    expect(lab.mostReadsAtOnce()).toBeLessThanOrEqual(4);
  });
});
