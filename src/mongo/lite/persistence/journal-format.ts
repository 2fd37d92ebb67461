import { crc32 } from 'node:zlib';
import type { Document } from 'bson';
import { decodeDocument, encodeDocument } from '../wire/bson-codec.js';

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

export interface DecodedRecords {
  readonly records: Document[];
  /** Bytes of whole, valid records: anything after is a torn or corrupt tail. */
  readonly validBytes: number;
}

export function decodeRecords(bytes: Buffer): DecodedRecords {
  const records: Document[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + length;
    if (length < 5 || end > bytes.length) break;
    const payload = bytes.subarray(offset + 8, end);
    if (crc32(payload) !== checksum) break;
    try {
      records.push(decodeDocument(payload));
    } catch {
      break;
    }
    offset = end;
  }
  return { records, validBytes: offset };
}
