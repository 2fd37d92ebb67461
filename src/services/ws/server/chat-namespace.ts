import type { Namespace } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { insertChatMessage, listChatHistory } from '../../../mongo/chat-store.js';
import type { ChatClientToServer, ChatServerToClient } from '../ws-events.js';
import { guardSocket, toAck, type GuardOptions } from './guard-socket.js';
import { isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';
import { chatHistorySchema, chatSendSchema, describeIssue, roomSchema } from './ws-payloads.js';

const defaultRoom = 'general';

/** `/chat`: validated messages, persisted then broadcast to their room; paginated history. */
export function setUpChatNamespace(
  chat: Namespace<ChatClientToServer, ChatServerToClient>,
  deps: { db: LabDb; logger: Logger; guard?: GuardOptions },
): void {
  chat.on('connection', (socket) => {
    deps.logger.info('Client connected to chat namespace', { socketId: socket.id, recovered: socket.recovered });
    if (!socket.recovered) void socket.join(defaultRoom);
    const guarded = guardSocket(socket, deps.logger, deps.guard);

    socket.on(
      'chat:message',
      guarded(async (payload: unknown, ackCandidate: unknown) => {
        const ack = toAck(ackCandidate);
        const parsed = chatSendSchema.safeParse(payload);
        if (!parsed.success) return ack({ error: 'invalid_message', message: describeIssue(parsed.error) });
        const room = parsed.data.room ?? defaultRoom;
        let message;
        try {
          message = await insertChatMessage(deps.db, { room, user: parsed.data.user, text: parsed.data.text });
        } catch (error) {
          // Never a silent failure: the sender learns the message was not stored, and why.
          deps.logger.warn('Could not store a chat message', {
            socketId: socket.id,
            room,
            error: (error as Error).message,
          });
          return ack(toStorageError(error, 'the message was not stored'));
        }
        chat.to(room).emit('chat:message', message);
        deps.logger.info('Chat message broadcasted', { socketId: socket.id, messageId: message.messageId, room });
        ack({ messageId: message.messageId, createdAt: message.createdAt });
      }),
    );

    socket.on(
      'chat:history',
      guarded(async (payload: unknown, ackCandidate: unknown) => {
        const ack = toAck(ackCandidate);
        const parsed = chatHistorySchema.safeParse(payload ?? {});
        if (!parsed.success) return ack({ error: 'invalid_request', message: describeIssue(parsed.error) });
        let page;
        try {
          page = await listChatHistory(deps.db, parsed.data.room ?? defaultRoom, {
            limit: parsed.data.limit ?? 50,
            ...(parsed.data.before === undefined ? {} : { before: parsed.data.before }),
          });
        } catch (error) {
          return ack(toStorageError(error, 'the history could not be read'));
        }
        ack(
          page.ok
            ? { messages: page.messages, nextCursor: page.nextCursor }
            : { error: page.error, message: 'before must be a nextCursor from an earlier page' },
        );
      }),
    );

    socket.on(
      'chat:join',
      guarded((room: unknown, ackCandidate: unknown) => {
        const ack = toAck(ackCandidate);
        const parsed = roomSchema.safeParse(room);
        if (!parsed.success)
          return ack({
            error: 'invalid_room',
            message:
              typeof room === 'string' && parsed.error.issues[0] !== undefined
                ? parsed.error.issues[0].message
                : 'room must be a non-empty string of at most 100 characters',
          });
        void socket.join(parsed.data);
        ack({ room: parsed.data });
      }),
    );
  });
}

/** The ack for a failed read or write: `database_unavailable` when MongoDB cannot be reached. */
function toStorageError(error: unknown, consequence: string): { error: string; message: string } {
  return isMongoUnavailable(error)
    ? { error: 'database_unavailable', message: `MongoDB is unreachable; ${consequence}` }
    : { error: 'storage_failed', message: `MongoDB refused it: ${(error as Error).message}; ${consequence}` };
}
