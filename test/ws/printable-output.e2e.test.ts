import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { insertChatMessage } from '../../src/mongo/chat-store.js';
import { claimWebhookEvent, markWebhookEvent } from '../../src/mongo/webhook-event-store.js';
import { createDelivery, finishDelivery, recordDeliveryAttempt } from '../../src/mongo/webhook-delivery-store.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { runRtlab, startRtlab } from '../helpers/run-rtlab.js';
import { serveService } from '../helpers/serve-service.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/webhook-lab.js';

/** What a terminal would act on or hide: any control character but a line break, format characters, separators. */
const unprintable = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const clientToken = 'client-token-0123456789';
const internalToken = 'internal-token-0123456789';

/** `rtlab ws listen …` running, with what it has printed so far. */
async function listen(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ child: ChildProcess; printed: () => string }> {
  const child = startRtlab(['ws', 'listen', ...args], options);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await new Promise<void>((resolve) =>
    child.stderr?.on('data', (chunk: Buffer) => chunk.toString().includes('Listening on') && resolve()),
  );
  return { child, printed: () => stdout };
}

describe('the CLI prints text from the network and MongoDB escaped, never as terminal commands', () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  const connect = (url: string, namespace: string, token: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(`${url}${namespace}`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  it("ws history and ws listen (/chat and /notifications) show escapes; --json stays exact; the ws-server refuses the issue's message", async () => {
    const cwd = tempDir();
    const database = await startLabDatabase();
    try {
      const env = {
        WS_PORT: String(await freePort()),
        MONGO_URL: database.mongo.uri,
        WS_TOKEN: clientToken,
        WS_INTERNAL_TOKEN: internalToken,
      };
      // An order id with ESC and NUL in MongoDB's feed, stored before the ws-server refused such ids
      // on /internal (issue 8) or by another writer: a listener gets it among the recent ones.
      await database.connection.db.collection('notifications').insertOne({
        orderId: '\u001b[2J\u0000ord',
        status: 'created',
        source: 'webhook',
        eventId: 'evt_printable',
        at: new Date().toISOString(),
        seq: 1,
        storedAt: new Date(),
      });
      children.push(await serveService('ws-server', cwd, env));
      const url = `http://127.0.0.1:${env.WS_PORT}`;
      const chatListener = await listen(['--namespace', '/chat'], { cwd, env });
      const notificationListener = await listen([], { cwd, env });
      children.push(chatListener.child, notificationListener.child);

      // The message is refused at the ws-server now...
      const chat = await connect(url, '/chat', clientToken);
      expect(await chat.emitWithAck('chat:message', { text: '\u001b[2J\u001b[31mhacked', user: 'ana' })).toEqual({
        error: 'invalid_message',
        message: 'text: text must not contain control characters',
      });
      // ...but one with a bidi override and a line separator inside visible text is stored and broadcast.
      expect(await chat.emitWithAck('chat:message', { text: 'abc\u202edef\u2028x', user: 'ana\u200b' })).toMatchObject({
        messageId: expect.any(String),
      });
      // And MongoDB may hold the message anyway: stored before the rule, or by another writer.
      await insertChatMessage(database.connection.db, {
        room: 'general',
        user: '\u001b]0;pwn\u0007',
        text: '\u001b[2J\u001b[31mhacked',
      });
      // The same order id published now, as a webhook may carry it, is refused by the ws-server.
      const internal = await connect(url, '/internal', internalToken);
      expect(
        await internal.emitWithAck('order:update', {
          orderId: '\u001b[2J\u0000ord',
          status: 'created',
          source: 'webhook',
          eventId: 'evt_printable_2',
          at: new Date().toISOString(),
        }),
      ).toEqual({ error: 'invalid_update', message: 'orderId: orderId must not contain control characters' });

      await eventually(
        () => chatListener.printed(),
        (out) => out.includes('\n'),
      );
      await eventually(
        () => notificationListener.printed(),
        (out) => out.includes('\n'),
      );
      expect(chatListener.printed()).toBe('chat:message  ana\\u200b: abc\\u202edef\\u2028x\n');
      expect(notificationListener.printed()).toMatch(
        /^order:update \(recent\) {2}\\u001b\[2J\\u0000ord → created \(webhook, .+\)\n$/,
      );

      const history = await runRtlab(['ws', 'history'], { cwd, env });
      expect(history.code).toBe(0);
      // A table: its header row, then each message after its local time.
      expect(history.stdout.split('\n')[0]).toMatch(/^TIME +MESSAGE$/);
      expect(
        history.stdout
          .split('\n')
          .filter(Boolean)
          .slice(1)
          .map((line) => line.replace(/^\d\d:\d\d {2}/, '')),
      ).toEqual(['\\u001b]0;pwn\\u0007: \\u001b[2J\\u001b[31mhacked', 'ana\\u200b: abc\\u202edef\\u2028x']);
      expect(history.stdout).not.toMatch(unprintable);

      // Typed at the CLI: braille blanks or combining marks alone are as empty as '', ESC inside a text is refused.
      for (const [text, refusal] of [
        ['\u2800\u2800\u2800', 'must not be empty'],
        ['\u0301\u0301', 'must not be empty'],
        ['hola\u001b[2J', 'must not contain control characters'],
      ] as const) {
        const refused = await runRtlab(['ws', 'chat', text, '--user', 'ana'], { cwd, env });
        expect(refused.code, JSON.stringify(text)).toBe(2);
        expect(refused.stderr).toContain(`The ws-server refused the message: text: text ${refusal}.`);
      }

      const json = await runRtlab(['ws', 'history', '--json'], { cwd, env });
      expect(json.stdout).not.toMatch(unprintable);
      expect(
        (JSON.parse(json.stdout) as { messages: Array<{ user: string; text: string }> }).messages.map(
          ({ user, text }) => ({ user, text }),
        ),
      ).toEqual([
        { user: '\u001b]0;pwn\u0007', text: '\u001b[2J\u001b[31mhacked' },
        { user: 'ana\u200b', text: 'abc\u202edef\u2028x' },
      ]);
    } finally {
      await database.stop();
    }
  }, 60_000);

  it('webhooks events and deliveries show escapes in ids, errors and reasons; --json stays exact', async () => {
    const cwd = tempDir();
    const database = await startLabDatabase();
    try {
      const db = database.connection.db;
      const now = new Date();
      const eventId = 'evt_\u001b[2J';
      await claimWebhookEvent(
        db,
        {
          eventId,
          type: 'order.paid',
          payload: { type: 'order.paid', data: { orderId: '\u001b[2J' }, createdAt: now.toISOString() },
          payloadHash: 'hash',
        },
        now,
        30_000,
      );
      await markWebhookEvent(
        db,
        eventId,
        { status: 'failed', error: 'order \u001b[2J\u0000 not found \u009b31m' },
        now,
      );
      await createDelivery(
        db,
        { deliveryId: 'dlv_1', eventId, type: 'order.paid', url: 'http://127.0.0.1:1/webhooks', body: '{}' },
        now,
        now,
      );
      await recordDeliveryAttempt(db, 'dlv_1', { attempt: 1, at: now, statusCode: 500, latencyMs: 3 }, now);
      await finishDelivery(db, 'dlv_1', undefined, { status: 'dead', reason: 'HTTP 500: \u001b]0;pwn\u0007' }, now);
      const env = { MONGO_URL: database.mongo.uri };

      const events = await runRtlab(['webhooks', 'events'], { cwd, env });
      expect(events.code).toBe(0);
      expect(events.stdout).not.toMatch(unprintable);
      expect(events.stdout).toContain('evt_\\u001b[2J');
      expect(events.stdout).toContain('order \\u001b[2J\\u0000 not found \\u009b31m');

      const deliveries = await runRtlab(['webhooks', 'deliveries', '--dead'], { cwd, env });
      expect(deliveries.code).toBe(0);
      expect(deliveries.stdout).not.toMatch(unprintable);
      expect(deliveries.stdout).toMatch(/evt_\\u001b\[2J .* 500 {2}\(HTTP 500: \\u001b\]0;pwn\\u0007\)\n$/);

      for (const command of ['events', 'deliveries']) {
        const json = await runRtlab(['webhooks', command, '--json'], { cwd, env });
        expect(json.stdout).not.toMatch(unprintable);
        expect((JSON.parse(json.stdout) as Array<{ eventId: string }>)[0]?.eventId).toBe(eventId);
      }
      const eventsJson = JSON.parse((await runRtlab(['webhooks', 'events', '--json'], { cwd, env })).stdout) as Array<{
        error: string;
      }>;
      expect(eventsJson[0]?.error).toBe('order \u001b[2J\u0000 not found \u009b31m');
    } finally {
      await database.stop();
    }
  }, 60_000);

  it('tail logs shows escapes in messages and metadata that quote the network; --json stays exact', async () => {
    const cwd = tempDir();
    const logs = createLoggerFactory({ logDir: path.join(cwd, '.rtlab', 'logs'), level: 'info', console: false });
    logs
      .forService('ws-server')
      .info('Emitting WebSocket notification', { orderId: '\u001b[2J\u0000', user: 'ana \u001b]0;pwn\u0007' });
    logs.close();

    const plain = await runRtlab(['tail', 'logs', '--no-follow'], { cwd });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(unprintable);
    expect(plain.stdout).toContain(
      'Emitting WebSocket notification orderId=\\u001b[2J\\u0000 user="ana \\\\u001b]0;pwn\\\\u0007"',
    );

    const json = await runRtlab(['tail', 'logs', '--no-follow', '--json'], { cwd });
    expect(json.stdout).not.toMatch(unprintable);
    expect(JSON.parse(json.stdout)).toMatchObject({ orderId: '\u001b[2J\u0000', user: 'ana \u001b]0;pwn\u0007' });
  });
});
