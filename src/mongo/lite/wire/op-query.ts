import type { Document } from 'bson';
import { decodeClientDocument } from './bson-codec.js';
import { encodeReplyDocument } from './encoded-document.js';
import { OpCode, readHeader, writeHeader, type WireCommand } from './wire-message.js';

/**
 * Reads a legacy OP_QUERY. Drivers send one only for the first handshake on a socket
 * (`isMaster` to `admin.$cmd`); a query wrapped as `{$query: …}` is unwrapped.
 */
export function parseOpQuery(message: Buffer): WireCommand {
  const header = readHeader(message);
  const nameEnd = message.indexOf(0, 20);
  const fullCollectionName = message.toString('utf8', 20, nameEnd);
  const queryStart = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = message.readInt32LE(queryStart);
  let body = decodeClientDocument(message.subarray(queryStart, queryStart + size));
  if (body['$query'] !== undefined && typeof body['$query'] === 'object') body = body['$query'] as Document;
  const db = fullCollectionName.split('.')[0] ?? 'admin';
  return { header, kind: 'query', body: { ...body, $db: db }, moreToCome: false, fullCollectionName };
}

export function encodeOpReply(reply: Document, responseTo: number, requestId: number): Buffer {
  const body = encodeReplyDocument(reply);
  const message = Buffer.allocUnsafe(36 + body.length);
  writeHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OpCode.reply });
  message.writeInt32LE(0, 16); // responseFlags
  message.writeBigInt64LE(0n, 20); // cursorID
  message.writeInt32LE(0, 28); // startingFrom
  message.writeInt32LE(1, 32); // numberReturned
  body.copy(message, 36);
  return message;
}
