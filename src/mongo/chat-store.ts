import { ObjectId, type Db } from 'mongodb';
import type { ChatMessage } from '../lab-events.js';

export type { ChatMessage };

export interface ChatMessageDocument {
  _id: ObjectId;
  room: string;
  user: string;
  text: string;
  createdAt: Date;
}

export function toChatMessage(document: ChatMessageDocument): ChatMessage {
  return {
    messageId: document._id.toHexString(),
    room: document.room,
    user: document.user,
    text: document.text,
    createdAt: document.createdAt.toISOString(),
  };
}

export async function insertChatMessage(
  db: Db,
  message: { room: string; user: string; text: string },
): Promise<ChatMessage> {
  const document: ChatMessageDocument = { _id: new ObjectId(), ...message, createdAt: new Date() };
  await db.collection<ChatMessageDocument>('chat_messages').insertOne(document);
  return toChatMessage(document);
}

/** `before` cursors are opaque to clients: the (createdAt, _id) of the last message of a page. */
function encodeCursor(document: Pick<ChatMessageDocument, 'createdAt' | '_id'>): string {
  return Buffer.from(`${document.createdAt.getTime()}:${document._id.toHexString()}`).toString('base64url');
}

/** Clocks of servers sharing a database may differ; a cursor further in the future than this cannot be real. */
const maxClockSkewMs = 24 * 60 * 60_000;

/**
 * A cursor this server could have handed out, or undefined: two parts, a time no later than now
 * (a message's creation), a 24-hex ObjectId, and nothing else (it encodes back to the same text).
 */
function decodeCursor(cursor: string): { createdAt: Date; id: ObjectId } | undefined {
  const parts = Buffer.from(cursor, 'base64url').toString().split(':');
  const [time, id] = parts;
  if (
    parts.length !== 2 ||
    time === undefined ||
    id === undefined ||
    !/^(0|[1-9]\d{0,15})$/.test(time) ||
    !/^[0-9a-f]{24}$/.test(id)
  )
    return undefined;
  const ms = Number(time);
  if (ms > Date.now() + maxClockSkewMs) return undefined;
  const decoded = { createdAt: new Date(ms), _id: new ObjectId(id) };
  if (encodeCursor(decoded) !== cursor) return undefined;
  return { createdAt: decoded.createdAt, id: decoded._id };
}

export type ChatHistoryResult =
  | { readonly ok: true; readonly messages: ChatMessage[]; readonly nextCursor: string | null }
  | { readonly ok: false; readonly error: string };

/**
 * One page of a room's history, newest first, by keyset pagination on (createdAt, _id): stable
 * while new messages arrive, with no gaps or repeats between pages. A `before` cursor must name a
 * message of this room as it is stored: one that parses but names no such message (a time of 0,
 * another room's cursor, a database wiped since) is `invalid_cursor`, never a silently empty page.
 * The check runs beside the page query, so it costs no extra wait.
 */
export async function listChatHistory(
  db: Db,
  room: string,
  options: { before?: string; limit: number },
): Promise<ChatHistoryResult> {
  const messages = db.collection<ChatMessageDocument>('chat_messages');
  let position: Record<string, unknown> = {};
  let named: Promise<boolean> = Promise.resolve(true);
  if (options.before !== undefined) {
    const cursor = decodeCursor(options.before);
    if (cursor === undefined) return { ok: false, error: 'invalid_cursor' };
    position = {
      $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, _id: { $lt: cursor.id } }],
    };
    named = messages
      .countDocuments({ _id: cursor.id, room, createdAt: cursor.createdAt }, { limit: 1 })
      .then((count) => count === 1);
  }
  const [page, exists] = await Promise.all([
    messages.find({ room, ...position }, { sort: { createdAt: -1, _id: -1 }, limit: options.limit + 1 }).toArray(),
    named,
  ]);
  if (!exists) return { ok: false, error: 'invalid_cursor' };
  const more = page.length > options.limit;
  const shown = page.slice(0, options.limit);
  return { ok: true, messages: shown.map(toChatMessage), nextCursor: more ? encodeCursor(shown.at(-1)!) : null };
}
