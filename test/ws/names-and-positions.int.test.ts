import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { insertChatMessage } from '../../src/mongo/chat-store.js';
import { eventually } from '../helpers/webhook-lab.js';
import { collectEvents, internalToken, useWsLab } from '../helpers/ws-lab.js';

const cursorOf = (text: string) => Buffer.from(text).toString('base64url');
const textOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString();
const update = (orderId: string, n: number) => ({
  orderId,
  status: 'paid' as const,
  source: 'webhook' as const,
  eventId: `msg_${n}`,
  at: new Date(Date.UTC(2026, 10, 28, 10, 0, n)).toISOString(),
});
const invalidCursor = { error: 'invalid_cursor', message: 'before must be a nextCursor from an earlier page' };

describe('names with control or invisible characters, and positions no server handed out', () => {
  const start = useWsLab();

  it('refuses order ids with control or invisible characters from publishers, stores and broadcasts none, and keeps serving', async () => {
    const lab = await start();
    const publisher = await lab.connect('/internal', internalToken);
    const listener = await lab.connect('/notifications');
    const heard = collectEvents<{ orderId: string }>(listener, 'order:update');
    // The instance (a control character in the id), then invisible ones that make a look-alike id.
    const refused = ['ord_1\u0000', 'ord\u001b[2J', 'ord_1\n', '\u0007', 'ord\u200b_1', 'ord_1\u202e', '\u200b\u200b'];
    for (const [index, orderId] of refused.entries()) {
      expect(
        await publisher.emitWithAck('order:update', update(orderId, index)),
        JSON.stringify(orderId),
      ).toMatchObject({
        error: 'invalid_update',
        message: expect.stringMatching(/^orderId: orderId must not (contain control characters|be empty)$/),
      });
    }
    const batch = (await publisher.emitWithAck('order:updates', [
      update('ord_ok_1', 100),
      update('ord\u0000x', 101),
      update('ord_ok_2', 102),
    ])) as { ok: true; rejected: Array<{ index: number; message: string }> };
    expect(batch).toEqual({
      ok: true,
      rejected: [{ index: 1, message: 'orderId: orderId must not contain control characters' }],
    });
    // Ids are taken as they are (not trimmed): the update must name the stored order.
    expect(await publisher.emitWithAck('order:update', update(' ord_spaced', 103))).toEqual({ ok: true });
    // Broadcasts come in order: once the last accepted one is heard, a refused one would have been heard before it.
    await eventually(
      () => heard.length,
      (count) => count >= 3,
    );
    expect(heard.map((item) => item.orderId)).toEqual(['ord_ok_1', 'ord_ok_2', ' ord_spaced']);
    expect(await lab.connection.db.collection('notifications').distinct('orderId')).toEqual(
      expect.arrayContaining(['ord_ok_1', 'ord_ok_2', ' ord_spaced']),
    );
    expect(await lab.connection.db.collection('notifications').countDocuments()).toBe(3);
  });

  it('refuses chat:join and chat rooms with control or invisible characters inside, and keeps serving', async () => {
    const lab = await start();
    // Two sockets: one alone would meet the flood control (a burst of 20) before the end.
    const [client, writer] = [await lab.connect('/chat'), await lab.connect('/chat')];
    // The instance, then look-alikes of "general" and a name that is not a string.
    for (const room of ['room\u0007', 'gen\u0000eral', 'general\u001b[2J', 'gen\u200beral', 'general\u202e', 'a\nb']) {
      expect(await client.emitWithAck('chat:join', room), JSON.stringify(room)).toEqual({
        error: 'invalid_room',
        message: 'room must not contain control characters',
      });
      expect(
        await client.emitWithAck('chat:message', { text: 'hola', user: 'ana', room }),
        JSON.stringify(room),
      ).toEqual({ error: 'invalid_message', message: 'room: room must not contain control characters' });
      expect(await client.emitWithAck('chat:history', { room }), JSON.stringify(room)).toEqual({
        error: 'invalid_request',
        message: 'room: room must not contain control characters',
      });
    }
    expect(await client.emitWithAck('chat:join', 42)).toMatchObject({ error: 'invalid_room' });
    // Names people write still work: spaces around are trimmed, ZWNJ in a Persian word and an emoji sequence stay.
    for (const room of [' lobby ', 'می\u200cخواهم', '👩\u200d💻 devs'])
      expect(await writer.emitWithAck('chat:join', room)).toEqual({ room: room.trim() });
    expect(await writer.emitWithAck('chat:message', { text: 'still here', user: 'ana', room: 'lobby' })).toMatchObject({
      messageId: expect.any(String),
    });
    expect(await lab.connection.db.collection('chat_messages').distinct('room')).toEqual(['lobby']);
  });

  it('answers invalid_cursor, never an empty page, to a cursor that names no message of the room as it is stored', async () => {
    const lab = await start();
    for (let i = 0; i < 3; i++)
      await insertChatMessage(lab.connection.db, { room: 'general', user: 'seed', text: `m${i}` });
    await insertChatMessage(lab.connection.db, { room: 'other', user: 'seed', text: 'elsewhere' });
    const client = await lab.connect('/chat');
    const first = (await client.emitWithAck('chat:history', { limit: 1 })) as { nextCursor: string };
    const [time, id] = textOf(first.nextCursor).split(':') as [string, string];
    const otherRoom = (await client.emitWithAck('chat:history', { room: 'other', limit: 1 })) as {
      messages: Array<{ messageId: string; createdAt: string }>;
    };
    const other = otherRoom.messages[0]!;
    const wrong = [
      cursorOf(`0:${new ObjectId().toHexString()}`), // the issue's: a time of 0
      cursorOf(`0:${id}`), // a real message, with its time replaced by 0
      cursorOf(`${Number(time) - 1}:${id}`), // a real message, 1 ms off
      cursorOf(`${time}:${new ObjectId().toHexString()}`), // a real time, no such message
      cursorOf(`${Date.parse(other.createdAt)}:${other.messageId}`), // another room's message
    ];
    for (const before of wrong)
      expect(await client.emitWithAck('chat:history', { before }), textOf(before)).toEqual(invalidCursor);
    // The cursor the server handed out still pages on, to the end.
    const second = (await client.emitWithAck('chat:history', { limit: 5, before: first.nextCursor })) as {
      messages: Array<{ text: string }>;
      nextCursor: string | null;
    };
    expect(second).toEqual({
      messages: [expect.objectContaining({ text: 'm1' }), expect.objectContaining({ text: 'm0' })],
      nextCursor: null,
    });
    // A wiped database: the cursor names a message that is gone.
    await lab.connection.db.collection('chat_messages').deleteMany({});
    expect(await client.emitWithAck('chat:history', { before: first.nextCursor })).toEqual(invalidCursor);
  });
});
