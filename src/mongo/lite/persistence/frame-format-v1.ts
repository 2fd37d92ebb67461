import { crc32 } from 'node:zlib';
import { decodeDocument } from '../wire/bson-codec.js';
import type { FrameFormat } from './frame-format.js';

/** Disks write whole sectors: a crash mid-write leaves whole sectors written and the rest not. */
const sectorBytes = 512;

/**
 * Files written before the format had a magic: `u32 length | u32 CRC-32 of the payload |
 * payload`, from byte 0. Still read, so that existing data directories load; never written
 * (the engine continues such a journal in a new file). Its header has no checksum, so a last
 * record whose length was made larger than the file cannot be told from a write cut short: that
 * one ambiguity is why the format changed.
 */
export const frameFormatV1: FrameFormat = {
  version: 1,
  firstRecordAt: 0,
  readRecordAt(bytes, offset) {
    if (offset + 8 > bytes.length) return undefined;
    const length = bytes.readUInt32LE(offset);
    const end = offset + 8 + length;
    if (length < 5 || end > bytes.length) return undefined;
    const payload = bytes.subarray(offset + 8, end);
    // A BSON document starts with its own length and ends with a zero byte: a cheap test that
    // rules out nearly every wrong offset before the CRC is computed.
    if (payload.readInt32LE(0) !== length || payload[length - 1] !== 0) return undefined;
    if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) return undefined;
    try {
      return { document: decodeDocument(payload), end };
    } catch {
      return undefined;
    }
  },
  recordsBetween(bytes, before, after) {
    // No sequence numbers: follow the length fields while they fit in the damaged bytes.
    let count = 0;
    let offset = before?.end ?? 0;
    while (offset < after.at) {
      count++;
      if (offset + 4 > after.at) break;
      const next = offset + 8 + bytes.readUInt32LE(offset);
      if (next > after.at) break;
      offset = next;
    }
    return count;
  },
  tailDamage(bytes, atByte) {
    // A crash leaves the first bad frame cut short (not even its 8-byte header, or a length
    // running past the end of the file), or the sectors it never wrote as zeros.
    if (atByte + 8 > bytes.length) return undefined;
    if (isAllZero(bytes, atByte)) return undefined;
    if (atByte + 8 + bytes.readUInt32LE(atByte) > bytes.length) return undefined;
    const firstBoundary = Math.ceil((atByte + 1) / sectorBytes) * sectorBytes;
    if (firstBoundary < bytes.length && isAllZero(bytes, firstBoundary)) return undefined;
    return 'the damaged last record is all there (its length fits the file and its last sectors were written), so a crash did not cut it short';
  },
};

function isAllZero(bytes: Buffer, from: number): boolean {
  for (let index = from; index < bytes.length; index++) if (bytes[index] !== 0) return false;
  return true;
}
