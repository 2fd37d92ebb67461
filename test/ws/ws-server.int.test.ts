import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertChatMessage } from '../../src/mongo/chat-store.js';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { startOrderUpdatePublisher } from '../../src/services/ws/start-order-update-publisher.js';
import { eventually } from '../helpers/webhook-lab.js';
import { internalToken, nextEvent, useWsLab } from '../helpers/ws-lab.js';

const update = (n: number) => ({
  orderId: `ord_${n}`,
  status: 'paid' as const,
  source: 'webhook' as const,
  eventId: `msg_${n}`,
  at: new Date(Date.UTC(2026, 10, 28, 10, 0, n)).toISOString(),
});

function logLines(logDir: string): Array<Record<string, unknown>> {
  return readFileSync(path.join(logDir, 'ws-server.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('ws-server', () => {
  const start = useWsLab();

  it.each(['/chat', '/notifications', '/internal'])(
    'refuses %s without a token or with a wrong one',
    async (namespace) => {
      const lab = await start();
      await expect(lab.connect(namespace, '')).rejects.toThrow('unauthorized');
      await expect(lab.connect(namespace, 'wrong-token')).rejects.toThrow('unauthorized');
    },
  );

  it('persists a chat message and broadcasts it to every client of the room', async () => {
    const lab = await start();
    const [alice, bob] = [await lab.connect('/chat'), await lab.connect('/chat')];
    const received = [
      nextEvent<{ text: string; user: string; messageId: string }>(alice, 'chat:message'),
      nextEvent<{ text: string }>(bob, 'chat:message'),
    ];
    const ack = (await alice.emitWithAck('chat:message', { text: 'hola', user: 'alice' })) as {
      messageId: string;
      createdAt: string;
    };
    expect(ack).toEqual({ messageId: expect.stringMatching(/^[0-9a-f]{24}$/), createdAt: expect.any(String) });
    expect(await received[0]).toMatchObject({ text: 'hola', user: 'alice', room: 'general', messageId: ack.messageId });
    expect(await received[1]).toMatchObject({ text: 'hola' });
    expect(await lab.connection.db.collection('chat_messages').countDocuments({ text: 'hola' })).toBe(1);
    // The log file is written asynchronously: wait for the line itself.
    await eventually(
      () => logLines(lab.logDir),
      (lines) => lines.some((line) => line['message'] === 'Chat message broadcasted'),
    );
    expect(logLines(lab.logDir)).toContainEqual(
      expect.objectContaining({ message: 'Chat message broadcasted', socketId: alice.id, messageId: ack.messageId }),
    );
    expect(
      logLines(lab.logDir).filter((line) => line['message'] === 'Client connected to chat namespace'),
    ).toHaveLength(2);
  });

  it('pages through 250 messages without gaps or repeats', async () => {
    const lab = await start();
    for (let i = 0; i < 250; i++)
      await insertChatMessage(lab.connection.db, { room: 'general', user: 'seed', text: `m${i}` });
    const client = await lab.connect('/chat');
    const seen: string[] = [];
    let before: string | null | undefined;
    for (let page = 0; page < 5 && before !== null; page++) {
      const reply = (await client.emitWithAck('chat:history', {
        limit: 100,
        ...(before === undefined ? {} : { before }),
      })) as { messages: Array<{ text: string }>; nextCursor: string | null };
      seen.push(...reply.messages.map((message) => message.text));
      before = reply.nextCursor;
    }
    expect(before).toBeNull();
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]).toBe('m249');
    expect(seen.at(-1)).toBe('m0');
    expect(await client.emitWithAck('chat:history', { before: 'not-a-cursor' })).toMatchObject({
      error: 'invalid_cursor',
    });
    expect(await client.emitWithAck('chat:history', { limit: 500 })).toMatchObject({ error: 'invalid_request' });
  });

  it('sends the latest 20 notifications on connect, then live order:update events', async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    for (let n = 0; n < 25; n++) expect(await publisher.emitWithAck('order:update', update(n))).toEqual({ ok: true });
    // Listening before the connect: the latest may come in the same read as the connect packet.
    let recentEvent: Promise<Array<{ orderId: string }>> = Promise.resolve([]);
    const listener = await lab.connect('/notifications', undefined, {}, (socket) => {
      recentEvent = nextEvent(socket, 'notifications:recent');
    });
    const recent = await recentEvent;
    expect(recent.map((item) => item.orderId)).toEqual(Array.from({ length: 20 }, (_, i) => `ord_${24 - i}`));
    expect(recent.map((item) => (item as { seq?: number }).seq)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
    const live = nextEvent(listener, 'order:update');
    await publisher.emitWithAck('order:update', update(30));
    expect(await live).toEqual({ ...update(30), seq: 26 });
    expect(await lab.connection.db.collection('notifications').countDocuments()).toBe(26);
  });

  it('takes a batch of updates in one message, storing the valid ones and naming the others', async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    const listener = await lab.connect('/notifications');
    const heard: unknown[] = [];
    listener.on('order:update', (item) => heard.push(item));
    const reply = await publisher.emitWithAck('order:updates', [
      update(1),
      { ...update(2), status: 'lost' },
      update(3),
    ]);
    expect(reply).toEqual({ ok: true, rejected: [{ index: 1, message: expect.stringContaining('status') }] });
    await eventually(
      () => heard.length,
      (count) => count === 2,
    );
    expect(heard).toEqual([
      { ...update(1), seq: 1 },
      { ...update(3), seq: 2 },
    ]);
    expect(await lab.connection.db.collection('notifications').countDocuments()).toBe(2);
    expect(await publisher.emitWithAck('order:updates', 'not a list')).toMatchObject({ error: 'invalid_batch' });
  });

  it('logs order:update for an update published alone and once for a batch, naming every order', async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    expect(await publisher.emitWithAck('order:update', update(1))).toEqual({ ok: true });
    expect(await publisher.emitWithAck('order:updates', [update(2), update(3), update(4)])).toEqual({ ok: true });
    const updateLines = () => logLines(lab.logDir).filter((line) => line['message'] === 'order:update');
    await eventually(updateLines, (lines) => lines.length === 2);
    expect(updateLines()).toEqual([
      expect.objectContaining({ orderId: 'ord_1', status: 'paid', source: 'webhook', eventId: 'msg_1', seq: 1 }),
      expect.objectContaining({ count: 3, orderIds: ['ord_2', 'ord_3', 'ord_4'], seqs: '2-4' }),
    ]);
  });

  it('loses nothing a publisher sends while the ws-server restarts', async () => {
    const lab = await start();
    const logs = createLoggerFactory({ logDir: lab.logDir, level: 'info', console: false });
    const publisher = startOrderUpdatePublisher({
      wsServerUrl: lab.server.url,
      internalToken,
      logger: logs.forService('webhooks-receiver'),
    });
    try {
      publisher.publish(update(1));
      await eventually(
        () => lab.connection.db.collection('notifications').countDocuments(),
        (count) => count === 1,
      );
      await lab.server.stop();
      for (let n = 2; n <= 6; n++) publisher.publish(update(n));
      expect(publisher.pending).toBe(5);
      await lab.restart();
      const count = await eventually(
        () => lab.connection.db.collection('notifications').countDocuments(),
        (n) => n === 6,
        8000,
      );
      expect(count).toBe(6);
      const stored = await lab.connection.db
        .collection('notifications')
        .find({}, { sort: { at: 1 } })
        .toArray();
      expect(stored.map((item) => item['orderId'])).toEqual(['ord_1', 'ord_2', 'ord_3', 'ord_4', 'ord_5', 'ord_6']);
      expect(publisher.pending).toBe(0);
    } finally {
      await publisher.stop();
      logs.close();
    }
  });

  it('refuses invalid, oversized and flooding payloads, and the other clients carry on', async () => {
    const lab = await start({ maxMessageBytes: 4096, chatGuard: { burst: 5, perSecond: 1, disconnectAfter: 5 } });
    const [bystander, offender] = [await lab.connect('/chat'), await lab.connect('/chat')];
    const broadcasts: unknown[] = [];
    bystander.on('chat:message', (message) => broadcasts.push(message));

    expect(await offender.emitWithAck('chat:message', { text: '', user: 'x' })).toMatchObject({
      error: 'invalid_message',
      message: 'text: text must not be empty',
    });
    expect(await offender.emitWithAck('chat:message', { text: 'x'.repeat(2001), user: 'x' })).toMatchObject({
      error: 'invalid_message',
    });
    expect(await offender.emitWithAck('chat:message', { text: 42, user: 'x' })).toMatchObject({
      error: 'invalid_message',
    });
    const replies = await Promise.all(
      Array.from({ length: 4 }, () =>
        offender
          .timeout(1000)
          .emitWithAck('chat:message', { text: 'spam', user: 'x' })
          .catch(() => ({ error: 'no-ack' })),
      ),
    );
    expect(replies.filter((reply) => (reply as { error?: string }).error === 'rate_limited').length).toBeGreaterThan(0);
    const disconnected = nextEvent(offender, 'disconnect');
    for (let i = 0; i < 10; i++) offender.emit('chat:message', { text: 'spam', user: 'x' });
    await disconnected;

    const big = await lab.connect('/chat');
    const bigGone = nextEvent(big, 'disconnect');
    big.emit('chat:message', { text: 'y'.repeat(10_000), user: 'big' });
    await bigGone;

    // Broadcasts reach a socket in order: once 'still here' arrives, any broadcast of the refused ones would have come before it.
    const ack = await bystander.emitWithAck('chat:message', { text: 'still here', user: 'bystander' });
    expect(ack).toMatchObject({ messageId: expect.any(String) });
    await eventually(
      () => broadcasts.map((message) => (message as { text: string }).text),
      (texts) => texts.includes('still here'),
    );
    expect(broadcasts.map((message) => (message as { text: string }).text).filter((text) => text !== 'spam')).toEqual([
      'still here',
    ]);
    expect(
      await lab.connection.db.collection('chat_messages').countDocuments({ text: { $in: ['', 'y'.repeat(10_000)] } }),
    ).toBe(0);
  });

  it('does not recover a connection whose token was revoked while it was away', async () => {
    const lab = await start();
    const { io } = await import('socket.io-client');
    const client = io(`${lab.server.url}/notifications`, {
      auth: { token: 'client-token-123' },
      transports: ['websocket'],
      reconnectionDelay: 50,
    });
    await nextEvent(client, 'connect');
    lab.tokens.delete('client-token-123');
    const connectError = nextEvent<Error>(client, 'connect_error');
    client.io.engine.close();
    expect((await connectError).message).toBe('unauthorized');
    expect(client.connected).toBe(false);
    client.close();
  });

  it('answers /healthz while alive and /readyz by its database; a chat client is told when MongoDB is gone', async () => {
    const lab = await start();
    expect(await (await fetch(`${lab.server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${lab.server.url}/nope`)).status).toBe(404);
    const ready = await fetch(`${lab.server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    const client = await lab.connect('/chat');

    await lab.mongo.stop();
    const unready = await fetch(`${lab.server.url}/readyz`);
    expect([unready.status, await unready.json()]).toEqual([503, { status: 'database_unavailable' }]);
    expect((await fetch(`${lab.server.url}/healthz`)).status).toBe(200);
    expect(await client.timeout(10_000).emitWithAck('chat:message', { text: 'hola', user: 'ana' })).toEqual({
      error: 'database_unavailable',
      message: 'MongoDB is unreachable; the message was not stored',
    });
    expect(await client.timeout(10_000).emitWithAck('chat:history', {})).toMatchObject({
      error: 'database_unavailable',
    });
  });
});
