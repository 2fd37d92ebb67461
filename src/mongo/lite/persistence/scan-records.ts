import { crc32 } from 'node:zlib';
import type { Document } from 'bson';
import { decodeDocument } from '../wire/bson-codec.js';

/** Bytes between two valid records that could not be read: what a flipped bit or bad sector leaves. */
export interface DamagedRegion {
  readonly atByte: number;
  readonly bytes: number;
  /** Records the region held, read from the length fields that still make sense (at least 1). */
  readonly records: number;
}

export interface ScannedRecords {
  /** Every valid record, in file order, including those after damage. */
  readonly records: Document[];
  /** Damage followed by a valid record: corruption, never cut without --repair. */
  readonly damaged: DamagedRegion[];
  /** Valid records that follow the first damaged region. */
  readonly recordsAfterDamage: number;
  /** Unreadable bytes that reach the end of the file with no valid record after: a torn tail. */
  readonly tail?: { atByte: number; bytes: number };
}

/**
 * Reads every record of a journal or snapshot file, resynchronising after damage on the record
 * framing: a record is only accepted where its length, its BSON length and its CRC all agree.
 */
export function scanRecords(bytes: Buffer): ScannedRecords {
  const records: Document[] = [];
  const damaged: DamagedRegion[] = [];
  let recordsAfterDamage = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const record = readRecordAt(bytes, offset);
    if (record !== undefined) {
      records.push(record.document);
      if (damaged.length > 0) recordsAfterDamage++;
      offset = record.end;
      continue;
    }
    const next = findNextRecord(bytes, offset + 1);
    if (next === -1)
      return { records, damaged, recordsAfterDamage, tail: { atByte: offset, bytes: bytes.length - offset } };
    damaged.push({ atByte: offset, bytes: next - offset, records: countFrames(bytes, offset, next) });
    offset = next;
  }
  return { records, damaged, recordsAfterDamage };
}

function readRecordAt(bytes: Buffer, offset: number): { document: Document; end: number } | undefined {
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
}

function findNextRecord(bytes: Buffer, from: number): number {
  for (let offset = from; offset + 8 < bytes.length; offset++) {
    if (readRecordAt(bytes, offset) !== undefined) return offset;
  }
  return -1;
}

/** How many records a damaged region held, following length fields while they fit in it. */
function countFrames(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  let offset = from;
  while (offset < to) {
    count++;
    if (offset + 4 > to) break;
    const next = offset + 8 + bytes.readUInt32LE(offset);
    if (next > to) break;
    offset = next;
  }
  return count;
}
