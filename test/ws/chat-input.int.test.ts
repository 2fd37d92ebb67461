import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { insertChatMessage } from '../../src/mongo/chat-store.js';
import { eventually } from '../helpers/webhook-lab.js';
import { collectEvents, useWsLab } from '../helpers/ws-lab.js';

const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

describe('/chat input that shows nothing, and impossible cursors', () => {
  const start = useWsLab();

  it('refuses text made only of control characters, NULs, invisible characters, braille blanks or combining marks like an empty one, and control characters inside text; stores and broadcasts none of them', async () => {
    const lab = await start();
    // Two senders: one socket alone would meet the flood control (a burst of 20) before the end.
    const [sender, writer, bystander] = [
      await lab.connect('/chat'),
      await lab.connect('/chat'),
      await lab.connect('/chat'),
    ];
    const heard = collectEvents<{ text: string }>(bystander, 'chat:message');
    const invisible = [
      '\u0000',
      '\u0000\u0000\u0000',
      '\u0001\u0007\u001b\u007f',
      ' \t\u0000\n\u001f ',
      '\u200b\u200c\u200d\u2060\ufeff',
      '\u202e\u00ad',
      '\u3164',
      '\u2028\u2029',
      '\u2800',
      '\u2800 \u2800',
      '\u0301\u0301',
      '\u0301\u20dd\u0903',
      ' \u0336\u2800 ',
    ];
    for (const text of invisible) {
      expect(await sender.emitWithAck('chat:message', { text, user: 'ana' }), JSON.stringify(text)).toEqual({
        error: 'invalid_message',
        message: 'text: text must not be empty',
      });
    }
    // The same rule for who speaks and where.
    expect(await sender.emitWithAck('chat:message', { text: 'hola', user: '\u0000\u200b' })).toEqual({
      error: 'invalid_message',
      message: 'user: user must not be empty',
    });
    expect(await sender.emitWithAck('chat:message', { text: 'hola', user: 'ana', room: '\u0007' })).toEqual({
      error: 'invalid_message',
      message: 'room: room must not be empty',
    });
    expect(await sender.emitWithAck('chat:join', '\u200b\u200b')).toMatchObject({ error: 'invalid_room' });
    expect(await sender.emitWithAck('chat:join', '\u2800')).toMatchObject({ error: 'invalid_room' });

    // Terminal commands inside visible text: the ESC sequences, NUL, CR that overwrites a line, the C1 CSI.
    for (const text of ['\u001b[2J\u001b[31mhacked', 'a\u0000b', 'ok\rFAKE', '\u009b2Jx', 'bell\u0007']) {
      expect(await writer.emitWithAck('chat:message', { text, user: 'ana' }), JSON.stringify(text)).toEqual({
        error: 'invalid_message',
        message: 'text: text must not contain control characters',
      });
    }
    for (const user of ['\u001b]0;pwn\u0007', 'ana\nroot: hi']) {
      expect(await writer.emitWithAck('chat:message', { text: 'hola', user }), JSON.stringify(user)).toEqual({
        error: 'invalid_message',
        message: 'user: user must not contain control characters',
      });
    }

    // Visible text with tabs, newlines, zero-width or bidi characters, or combining marks on a letter, is a message.
    const kept = ['línea 1\n\tlínea 2', '👩\u200d💻', 'ok\u200b', 'שלום\u200f!', 'e\u0301', '\u2800a'];
    for (const text of kept)
      expect(await writer.emitWithAck('chat:message', { text, user: 'ana' })).toMatchObject({
        messageId: expect.any(String),
      });
    // Broadcasts arrive in order: once the last kept one is heard, a refused one would have been heard before it.
    await eventually(
      () => heard.length,
      (count) => count >= kept.length,
    );
    expect(heard.map((message) => message.text)).toEqual(kept);
    expect(await lab.connection.db.collection('chat_messages').countDocuments()).toBe(kept.length);
  });

  it('answers invalid_cursor to a cursor whose time is out of range or that it could never have handed out', async () => {
    const lab = await start();
    for (let i = 0; i < 3; i++)
      await insertChatMessage(lab.connection.db, { room: 'general', user: 'seed', text: `m${i}` });
    const client = await lab.connect('/chat');
    const first = (await client.emitWithAck('chat:history', { limit: 1 })) as { nextCursor: string };
    const id = new ObjectId().toHexString();
    const impossible = [
      cursorOf(`99999999999999999999:${id}`), // the issue's: past what a date can hold
      cursorOf(`8640000000000001:${id}`),
      cursorOf(`${Date.now() + 10 * 24 * 3600_000}:${id}`), // a message from the future
      cursorOf(`-1:${id}`),
      cursorOf(`0001:${id}`),
      cursorOf(`1700000000000:aaaaaaaaaaaa`), // a 12-character id the driver would accept
      cursorOf(`1700000000000:${id}:extra`),
      `${first.nextCursor}==`,
    ];
    for (const before of impossible) {
      expect(await client.emitWithAck('chat:history', { before }), before).toEqual({
        error: 'invalid_cursor',
        message: 'before must be a nextCursor from an earlier page',
      });
    }
    const second = (await client.emitWithAck('chat:history', { limit: 1, before: first.nextCursor })) as {
      messages: Array<{ text: string }>;
    };
    expect(second.messages.map((message) => message.text)).toEqual(['m1']);
    // A time of 0 names no stored message (issue 8, finding 3): a clear error, not an empty page.
    expect(await client.emitWithAck('chat:history', { before: cursorOf(`0:${id}`) })).toEqual({
      error: 'invalid_cursor',
      message: 'before must be a nextCursor from an earlier page',
    });
  });
});
