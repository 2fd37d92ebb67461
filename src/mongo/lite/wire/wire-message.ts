import type { Document } from 'bson';

/** The opcodes the embedded engine speaks. */
export const OpCode = { reply: 1, query: 2004, msg: 2013, compressed: 2012 } as const;

/** Largest message accepted or sent, as mongod advertises in hello (`maxMessageSizeBytes`). */
export const maxMessageSizeBytes = 48_000_000;
export const maxBsonObjectSize = 16 * 1024 * 1024;
export const maxWriteBatchSize = 100_000;

export interface MessageHeader {
  readonly messageLength: number;
  readonly requestId: number;
  readonly responseTo: number;
  readonly opCode: number;
}

/** A command as received, whatever the opcode: its body and any document sequences folded in. */
export interface WireCommand {
  readonly header: MessageHeader;
  readonly kind: 'msg' | 'query';
  /** The command document; OP_MSG document sequences are added as arrays under their identifier. */
  readonly body: Document;
  /** OP_MSG moreToCome: the client expects no reply (w:0 writes, endSessions on close). */
  readonly moreToCome: boolean;
  /** OP_QUERY's collection, such as `admin.$cmd`. */
  readonly fullCollectionName?: string;
}

export function readHeader(buffer: Buffer): MessageHeader {
  return {
    messageLength: buffer.readInt32LE(0),
    requestId: buffer.readInt32LE(4),
    responseTo: buffer.readInt32LE(8),
    opCode: buffer.readInt32LE(12),
  };
}

export function writeHeader(buffer: Buffer, header: MessageHeader): void {
  buffer.writeInt32LE(header.messageLength, 0);
  buffer.writeInt32LE(header.requestId, 4);
  buffer.writeInt32LE(header.responseTo, 8);
  buffer.writeInt32LE(header.opCode, 12);
}
