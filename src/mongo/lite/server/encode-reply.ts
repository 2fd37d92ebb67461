import type { Document } from 'bson';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { encodeOpMsg } from '../wire/op-msg.js';
import { encodeOpReply } from '../wire/op-query.js';
import { maxBsonObjectSize, type WireCommand } from '../wire/wire-message.js';

/** mongod's internal limit for a reply document: a user document plus room for the envelope. */
const maxReplyBytes = maxBsonObjectSize + 16 * 1024;

/**
 * Encodes a command's reply; a reply that cannot be encoded or would pass the limit is replaced
 * by an error reply to the same request, so the client gets an answer and the connection lives.
 */
export function encodeReply(command: WireCommand, reply: Document, requestId: number): Buffer {
  try {
    const message = encodeAs(command, reply, requestId);
    if (message.length - 21 <= maxReplyBytes) return message;
    return encodeAs(command, replyTooLarge(command, `${message.length} bytes`), requestId);
  } catch (error) {
    return encodeAs(command, replyTooLarge(command, (error as Error).message), requestId);
  }
}

function encodeAs(command: WireCommand, reply: Document, requestId: number): Buffer {
  return command.kind === 'msg'
    ? encodeOpMsg(reply, command.header.requestId, requestId)
    : encodeOpReply(reply, command.header.requestId, requestId);
}

function replyTooLarge(command: WireCommand, detail: string): Document {
  const name = Object.keys(command.body)[0] ?? '';
  return new MongoCommandError(
    ErrorCode.BSONObjectTooLarge,
    `The reply to ${name} is larger than the ${maxReplyBytes}-byte limit (${detail}); ask for less, e.g. with a projection, a smaller batchSize or $limit`,
  ).toReply();
}
