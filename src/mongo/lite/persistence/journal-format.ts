import { crc32 } from 'node:zlib';
import type { Document } from 'bson';
import { encodeDocument } from '../wire/bson-codec.js';

/**
 * A record on disk: payload length (u32), CRC-32 of the payload (u32), then the payload (one
 * BSON document). The length prefix finds the next record; the checksum tells a whole record
 * from one torn by a crash mid-write.
 */
export function encodeRecord(record: Document): Buffer {
  const payload = encodeDocument(record);
  const frame = Buffer.allocUnsafe(8 + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, 8);
  return frame;
}
