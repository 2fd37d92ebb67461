import type { Document } from 'bson';
import { decodeClientDocument } from './bson-codec.js';
import { decodeDocumentToInsert } from './client-bytes.js';
import { encodeReplyDocument } from './encoded-document.js';
import { decodeCommandBody } from './decode-command.js';
import { crc32c } from './crc32c.js';
import { WireProtocolError } from './message-splitter.js';
import { OpCode, readHeader, writeHeader, type WireCommand } from './wire-message.js';

const checksumPresent = 1 << 0;
const moreToCome = 1 << 1;
const exhaustAllowed = 1 << 16;
/** Bits 0-15 are "must understand": an unknown one among them is an error. */
const knownRequiredBits = checksumPresent | moreToCome;

/** Reads an OP_MSG: one body section (kind 0) and any document sequences (kind 1). */
export function parseOpMsg(message: Buffer): WireCommand {
  const header = readHeader(message);
  const flags = message.readUInt32LE(16);
  if ((flags & 0xffff & ~knownRequiredBits) !== 0)
    throw new WireProtocolError(`OP_MSG has unknown required flag bits ${flags.toString(2)}`);
  let end = message.length;
  if ((flags & checksumPresent) !== 0) {
    end -= 4;
    const expected = message.readUInt32LE(end);
    if (crc32c(message.subarray(0, end)) !== expected)
      throw new WireProtocolError('OP_MSG checksum does not match its content');
  }
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  let offset = 20;
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      if (body !== undefined) throw new WireProtocolError('OP_MSG has more than one body section');
      body = decodeCommandBody(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      const documents: Document[] = [];
      // An insert's documents keep their bytes, journalled and stored as they are (client-bytes.ts).
      const decode = identifier === 'documents' ? decodeDocumentToInsert : decodeClientDocument;
      let position = nameEnd + 1;
      while (position < sectionEnd) {
        const docSize = message.readInt32LE(position);
        documents.push(decode(message.subarray(position, position + docSize)));
        position += docSize;
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw new WireProtocolError(`OP_MSG section kind ${kind} is unknown`);
    }
  }
  if (body === undefined) throw new WireProtocolError('OP_MSG has no body section');
  for (const [identifier, documents] of sequences) body[identifier] = documents;
  return { header, kind: 'msg', body, moreToCome: (flags & moreToCome) !== 0 };
}

/** Whether the client expects no reply (OP_MSG moreToCome). */
export function isMoreToCome(message: Buffer): boolean {
  return (message.readUInt32LE(16) & moreToCome) !== 0;
}

/** Whether the client allows exhaust replies; the engine never streams them, so it only reads it. */
export function isExhaustAllowed(message: Buffer): boolean {
  return (message.readUInt32LE(16) & exhaustAllowed) !== 0;
}

export function encodeOpMsg(reply: Document, responseTo: number, requestId: number): Buffer {
  const body = encodeReplyDocument(reply);
  const message = Buffer.allocUnsafe(21 + body.length);
  writeHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OpCode.msg });
  message.writeUInt32LE(0, 16);
  message.writeUInt8(0, 20);
  body.copy(message, 21);
  return message;
}
