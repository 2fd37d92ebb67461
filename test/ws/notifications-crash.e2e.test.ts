import type { ChildProcess } from 'node:child_process';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { NotificationUpdate } from '../../src/lab-events.js';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { NotificationCursor } from '../../src/notification-cursor.js';
import { startOrderUpdatePublisher } from '../../src/services/ws/start-order-update-publisher.js';
import { freePort } from '../helpers/free-port.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { startRtlab } from '../helpers/run-rtlab.js';
import { serveService } from '../helpers/serve-service.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/webhook-lab.js';

const wsToken = 'crash-test-token-123';
const internalToken = 'crash-test-internal-token-0123';
const update = (n: number) => ({
  orderId: `ord_${n}`,
  status: 'paid' as const,
  source: 'webhook' as const,
  eventId: `evt_${n}`,
  at: new Date(Date.UTC(2026, 10, 28, 10, 0, 0, n)).toISOString(),
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('/notifications across a kill -9 of the ws-server', () => {
  const tempDir = useTempDir();

  it.each([
    { name: 'the issue: 300 publishes, kill -9 at 100, restart at 200', killAt: 100, restartAt: 200, total: 300 },
    {
      name: 'killed twice, the second time before the client caught up',
      killAt: 40,
      restartAt: 90,
      total: 160,
      secondKillAt: 120,
    },
  ])(
    'a connected client ends with every update in order, none twice ($name)',
    async ({ killAt, restartAt, total, secondKillAt }) => {
      const cwd = tempDir();
      const database = await startLabDatabase();
      const logs = createLoggerFactory({ logDir: `${cwd}/test-logs`, level: 'warn', console: false });
      const env = {
        WS_PORT: String(await freePort()),
        MONGO_URL: database.mongo.uri,
        WS_TOKEN: wsToken,
        WS_INTERNAL_TOKEN: internalToken,
      };
      const serve = async () => {
        // Not in useChildProcesses: these are killed here, with SIGKILL, whatever happens.
        return serveService('ws-server', cwd, env);
      };
      let server = await serve();
      const url = `http://127.0.0.1:${env.WS_PORT}`;
      const cursor = new NotificationCursor();
      const received: NotificationUpdate[] = [];
      const client = io(`${url}/notifications`, {
        auth: (send) => send({ token: wsToken, ...cursor.toAuth() }),
        transports: ['websocket'],
        reconnectionDelay: 100,
        reconnectionDelayMax: 300,
      });
      client.on('notifications:recent', (recent: NotificationUpdate[]) => cursor.startFrom(recent));
      // Every event as it arrives, not filtered through the cursor: duplicates would show.
      client.on('order:update', (item: NotificationUpdate) => {
        received.push(item);
        cursor.accept(item);
      });
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      const publisher = startOrderUpdatePublisher({
        wsServerUrl: url,
        internalToken,
        logger: logs.forService('publisher'),
        maxQueued: 10_000,
      });
      try {
        for (const n of range(1, killAt)) publisher.publish(update(n));
        await eventually(
          () => received.length,
          (count) => count >= killAt,
          15_000,
        );
        await killHard(server);
        for (const n of range(killAt + 1, restartAt)) publisher.publish(update(n));
        server = await serve();
        if (secondKillAt !== undefined) {
          for (const n of range(restartAt + 1, secondKillAt)) publisher.publish(update(n));
          await eventually(
            () => database.connection.db.collection('notifications').countDocuments(),
            (count) => count >= secondKillAt,
            15_000,
          );
          await killHard(server);
          server = await serve();
        }
        for (const n of range((secondKillAt ?? restartAt) + 1, total)) publisher.publish(update(n));
        await eventually(
          () => received.length,
          (count) => count >= total,
          20_000,
        );
        expect(received.map((item) => item.orderId)).toEqual(range(1, total).map((n) => `ord_${n}`));
        const seqs = received.map((item) => item.seq);
        expect(new Set(seqs).size).toBe(total);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        expect(await database.connection.db.collection('notifications').countDocuments()).toBe(total);
      } finally {
        client.close();
        await publisher.stop();
        await killHard(server);
        logs.close();
        await database.stop();
      }
    },
    90_000,
  );

  it('rtlab ws listen sends its last position when it reconnects and prints every missed update once, in order', async () => {
    const cwd = tempDir();
    const database = await startLabDatabase();
    const logs = createLoggerFactory({ logDir: `${cwd}/test-logs`, level: 'warn', console: false });
    const env = {
      WS_PORT: String(await freePort()),
      MONGO_URL: database.mongo.uri,
      WS_TOKEN: wsToken,
      WS_INTERNAL_TOKEN: internalToken,
    };
    const url = `http://127.0.0.1:${env.WS_PORT}`;
    let server = await serveService('ws-server', cwd, env);
    const listener = startRtlab(['ws', 'listen', '--json'], { cwd, env });
    let heard = '';
    let said = '';
    listener.stdout?.on('data', (chunk: Buffer) => (heard += chunk.toString()));
    listener.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const printed = () =>
      heard
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string; data: NotificationUpdate });
    const publisher = startOrderUpdatePublisher({
      wsServerUrl: url,
      internalToken,
      logger: logs.forService('publisher'),
      maxQueued: 10_000,
    });
    try {
      await eventually(
        () => said,
        (text) => text.includes('Listening on'),
        15_000,
      );
      for (const n of range(1, 30)) publisher.publish(update(n));
      await eventually(
        () => printed().length,
        (count) => count >= 30,
        15_000,
      );
      await killHard(server);
      for (const n of range(31, 60)) publisher.publish(update(n));
      await eventually(
        () => said,
        (text) => text.includes('reconnecting'),
        15_000,
      );
      server = await serveService('ws-server', cwd, env);
      for (const n of range(61, 90)) publisher.publish(update(n));
      await eventually(
        () => printed().length,
        (count) => count >= 90,
        20_000,
      );
      expect(printed().map((line) => [line.event, line.data.orderId])).toEqual(
        range(1, 90).map((n) => ['order:update', `ord_${n}`]),
      );
    } finally {
      await killHard(listener);
      await publisher.stop();
      await killHard(server);
      logs.close();
      await database.stop();
    }
  }, 90_000);
});
