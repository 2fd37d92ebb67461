import type { Document } from 'bson';
import { detectFrameFormat } from './detect-frame-format.js';
import { findNextRecord, type FrameFormat } from './frame-format.js';

/** Bytes between two valid records that could not be read: what a flipped bit or bad sector leaves. */
export interface DamagedRegion {
  readonly atByte: number;
  readonly bytes: number;
  /** Records the region held, read from the length fields that still make sense (0 for a file's magic). */
  readonly records: number;
}

export interface ScannedRecords {
  /** The file's format: how its tail is judged. */
  readonly format: FrameFormat;
  /** Every valid record, in file order, including those after damage. */
  readonly records: Document[];
  /** Damage followed by a valid record: corruption, never cut without --repair. */
  readonly damaged: DamagedRegion[];
  /** Valid records that follow the first damaged region. */
  readonly recordsAfterDamage: number;
  /** Unreadable bytes that reach the end of the file with no valid record after: torn, or damage. */
  readonly tail?: { atByte: number; bytes: number };
}

/**
 * Reads every record of a journal or snapshot file, resynchronising after damage on the record
 * framing: a record is only accepted where its frame passes every check of its format.
 */
export function scanRecords(bytes: Buffer): ScannedRecords {
  const { format, magicDamaged } = detectFrameFormat(bytes);
  const records: Document[] = [];
  const damaged: DamagedRegion[] = magicDamaged ? [{ atByte: 0, bytes: format.firstRecordAt, records: 0 }] : [];
  let recordsAfterDamage = 0;
  if (bytes.length > 0 && bytes.length < format.firstRecordAt) {
    // Cut inside its magic: created by a crash before any record was written.
    return { format, records, damaged, recordsAfterDamage, tail: { atByte: 0, bytes: bytes.length } };
  }
  let offset = format.firstRecordAt;
  while (offset < bytes.length) {
    const record = format.readRecordAt(bytes, offset);
    if (record !== undefined) {
      records.push(record.document);
      if (damaged.length > 0) recordsAfterDamage++;
      offset = record.end;
      continue;
    }
    const next = findNextRecord(bytes, offset + 1, format);
    if (next === -1) {
      const tail = { atByte: offset, bytes: bytes.length - offset };
      return { format, records, damaged, recordsAfterDamage, tail };
    }
    damaged.push({ atByte: offset, bytes: next - offset, records: countFrames(bytes, offset, next, format) });
    offset = next;
  }
  return { format, records, damaged, recordsAfterDamage };
}

/** How many records a damaged region held, following length fields while they fit in it. */
function countFrames(bytes: Buffer, from: number, to: number, format: FrameFormat): number {
  let count = 0;
  let offset = from;
  while (offset < to) {
    count++;
    if (offset + 4 > to) break;
    const next = format.frameEndAt(bytes, offset);
    if (next > to) break;
    offset = next;
  }
  return count;
}
