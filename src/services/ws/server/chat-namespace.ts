import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { insertChatMessage, listChatHistory } from '../../../mongo/chat-store.js';
import type { ChatClientToServer, ChatServerToClient } from '../ws-events.js';
import { guardSocket, toAck, type GuardOptions } from './guard-socket.js';
import { chatHistorySchema, chatSendSchema, describeIssue } from './ws-payloads.js';

const defaultRoom = 'general';

/** `/chat`: validated messages, persisted then broadcast to their room; paginated history. */
export function setUpChatNamespace(chat: Namespace<ChatClientToServer, ChatServerToClient>, deps: { db: LabDb; logger: Logger; guard?: GuardOptions }): void {
  chat.on('connection', (socket) => {
    deps.logger.info('Client connected to chat namespace', { socketId: socket.id, recovered: socket.recovered });
    if (!socket.recovered) void socket.join(defaultRoom);
    const guarded = guardSocket(socket, deps.logger, deps.guard);

    socket.on('chat:message', guarded(async (payload: unknown, ackCandidate: unknown) => {
      const ack = toAck(ackCandidate);
      const parsed = chatSendSchema.safeParse(payload);
      if (!parsed.success) return ack({ error: 'invalid_message', message: describeIssue(parsed.error) });
      const room = parsed.data.room ?? defaultRoom;
      const message = await insertChatMessage(deps.db, { room, user: parsed.data.user, text: parsed.data.text });
      chat.to(room).emit('chat:message', message);
      deps.logger.info('Chat message broadcasted', { socketId: socket.id, messageId: message.messageId, room });
      ack({ messageId: message.messageId, createdAt: message.createdAt });
    }));

    socket.on('chat:history', guarded(async (payload: unknown, ackCandidate: unknown) => {
      const ack = toAck(ackCandidate);
      const parsed = chatHistorySchema.safeParse(payload ?? {});
      if (!parsed.success) return ack({ error: 'invalid_request', message: describeIssue(parsed.error) });
      const page = await listChatHistory(deps.db, parsed.data.room ?? defaultRoom, { limit: parsed.data.limit ?? 50, ...(parsed.data.before === undefined ? {} : { before: parsed.data.before }) });
      ack(page.ok ? { messages: page.messages, nextCursor: page.nextCursor } : { error: page.error, message: 'before must be a nextCursor from an earlier page' });
    }));

    socket.on('chat:join', guarded((room: unknown, ackCandidate: unknown) => {
      const ack = toAck(ackCandidate);
      if (typeof room !== 'string' || room.trim() === '' || room.length > 100) return ack({ error: 'invalid_room', message: 'room must be a non-empty string of at most 100 characters' });
      void socket.join(room.trim());
      ack({ room: room.trim() });
    }));
  });
}
