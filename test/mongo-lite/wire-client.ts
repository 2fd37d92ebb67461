import net from 'node:net';
import { BSON } from 'mongodb';
import { crc32c } from '../../src/mongo/lite/wire/crc32c.js';

/** An OP_MSG built by hand (from a body or its BSON), optionally with a CRC-32C checksum, as other drivers may send. */
export function opMsg(body: object, requestId: number, withChecksum = false): Buffer {
  const doc = Buffer.isBuffer(body) ? body : serializeAnySize(body);
  const length = 16 + 4 + 1 + doc.length + (withChecksum ? 4 : 0);
  const message = Buffer.alloc(length);
  message.writeInt32LE(length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(0, 8);
  message.writeInt32LE(2013, 12);
  message.writeUInt32LE(withChecksum ? 1 : 0, 16);
  message.writeUInt8(0, 20);
  doc.copy(message, 21);
  if (withChecksum) message.writeUInt32LE(crc32c(message.subarray(0, length - 4)), length - 4);
  return message;
}

/**
 * BSON of any size for the few value types the tests send (strings, numbers, booleans, nested
 * documents and arrays): BSON.serialize stops at its 17 MB buffer, and enlarging that buffer
 * would change the server under test too (same process, same bson module).
 */
function serializeAnySize(body: object): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(body)) {
    const name = Buffer.from(`${key}\0`);
    if (typeof value === 'string') {
      const text = Buffer.from(value);
      const length = Buffer.alloc(4);
      length.writeInt32LE(text.length + 1);
      parts.push(Buffer.from([0x02]), name, length, text, Buffer.from([0]));
    } else if (typeof value === 'number' && Number.isInteger(value)) {
      const int = Buffer.alloc(4);
      int.writeInt32LE(value);
      parts.push(Buffer.from([0x10]), name, int);
    } else if (typeof value === 'boolean') {
      parts.push(Buffer.from([0x08]), name, Buffer.from([value ? 1 : 0]));
    } else if (Array.isArray(value)) {
      parts.push(
        Buffer.from([0x04]),
        name,
        serializeAnySize(Object.fromEntries(value.map((item, index) => [String(index), item]))),
      );
    } else if (typeof value === 'object' && value !== null) {
      parts.push(Buffer.from([0x03]), name, serializeAnySize(value as object));
    } else {
      throw new Error(`serializeAnySize does not encode ${typeof value}`);
    }
  }
  const length = Buffer.alloc(4);
  length.writeInt32LE(4 + parts.reduce((sum, part) => sum + part.length, 0) + 1);
  return Buffer.concat([length, ...parts, Buffer.from([0])]);
}

/**
 * A raw wire connection that sends commands the official driver would refuse to send (20 MB
 * documents, a 20 MB command name) and reads each reply on the same socket.
 */
export interface WireClient {
  /** Sends a command given as a document, or as its BSON bytes (a Buffer). */
  command(body: object): Promise<Record<string, unknown>>;
  /** Resolves when the server closes this connection. */
  readonly closed: Promise<void>;
  close(): void;
}

export async function openWireClient(port: number): Promise<WireClient> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  const waiting: Array<{ resolve: (reply: Record<string, unknown>) => void; reject: (error: Error) => void }> = [];
  let data = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    data = Buffer.concat([data, chunk]);
    while (data.length >= 4 && data.length >= data.readInt32LE(0)) {
      const length = data.readInt32LE(0);
      const reply = BSON.deserialize(data.subarray(21, length));
      data = data.subarray(length);
      waiting.shift()?.resolve(reply);
    }
  });
  void closed.then(() => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error('the server closed the connection'));
  });
  let requestId = 0;
  return {
    command: (body) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        socket.write(opMsg(body, ++requestId));
      }),
    closed,
    close: () => socket.destroy(),
  };
}
