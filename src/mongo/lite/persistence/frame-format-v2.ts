import { crc32 } from 'node:zlib';
import { decodeDocument } from '../wire/bson-codec.js';
import type { FrameFormat } from './frame-format.js';
import { fileMagic, frameEndMark, frameEndMarkBytes, frameHeaderBytes, hasValidFrameHeader } from './journal-format.js';
import { tailDamage } from './tail-damage.js';

/** Files that start with `fileMagic`: what the engine writes (see journal-format.ts). */
export const frameFormatV2: FrameFormat = {
  version: 2,
  firstRecordAt: fileMagic.length,
  readRecordAt(bytes, offset) {
    if (offset + frameHeaderBytes + frameEndMarkBytes > bytes.length) return undefined;
    const length = bytes.readUInt32LE(offset);
    const payloadAt = offset + frameHeaderBytes;
    const end = payloadAt + length + frameEndMarkBytes;
    if (length < 5 || end > bytes.length) return undefined;
    // Cheap tests first, the CRCs last: after damage, reading is retried at every byte offset.
    if (bytes.readUInt32LE(end - frameEndMarkBytes) !== frameEndMark) return undefined;
    if (bytes.readInt32LE(payloadAt) !== length || bytes[payloadAt + length - 1] !== 0) return undefined;
    if (!hasValidFrameHeader(bytes, offset)) return undefined;
    const payload = bytes.subarray(payloadAt, payloadAt + length);
    if (crc32(payload) !== bytes.readUInt32LE(offset + 8)) return undefined;
    try {
      return { document: decodeDocument(payload), end, sequence: bytes.readUInt32LE(offset + 4) };
    } catch {
      return undefined;
    }
  },
  // Sequences are consecutive: the records between two valid ones are exactly those lost.
  recordsBetween: (_bytes, before, after) => Math.max(1, after.sequence! - (before?.sequence ?? -1) - 1),
  tailDamage,
};
