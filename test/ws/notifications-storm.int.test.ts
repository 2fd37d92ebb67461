import path from 'node:path';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationUpdate } from '../../src/lab-events.js';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { startWsServer } from '../../src/services/ws/server/start-ws-server.js';
import { startLabDatabase } from '../helpers/lab-database.js';
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
 * The ws-server on its own MongoClient with command monitoring, so that the test counts the
 * MongoDB reads of `notifications` the server itself makes.
 */
async function startMonitoredLab(logDir: string) {
  const database = await startLabDatabase();
  cleanups.push(() => database.stop());
  const client = new MongoClient(database.mongo.uri, { monitorCommands: true });
  await client.connect();
  cleanups.push(() => client.close());
  const notificationReads: CommandStartedEvent[] = [];
  client.on('commandStarted', (event) => {
    if (event.commandName === 'find' && event.command['find'] === 'notifications') notificationReads.push(event);
  });
  const logs = createLoggerFactory({ logDir, level: 'warn', console: false });
  cleanups.push(() => logs.close());
  const server = await startWsServer({
    port: 0,
    host: '127.0.0.1',
    db: client.db('realtime_labs'),
    logger: logs.forService('ws-server'),
    acceptToken: (token) => token === clientToken,
    internalToken,
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
  return { server, notificationReads, connect };
}

describe('/notifications reconnect storm', () => {
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
    await eventually(missing, (count) => count === 0, 30_000);
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
});
