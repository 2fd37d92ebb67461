import type { Document } from 'bson';
import { detectFrameFormat } from './detect-frame-format.js';
import { findNextRecord, type FramedRecord, type FrameFormat } from './frame-format.js';

/** Bytes between two valid records that could not be read: what a flipped bit or bad sector leaves. */
export interface DamagedRegion {
  readonly atByte: number;
  readonly bytes: number;
  /** Records the region held: exact where records are numbered, else as far as length fields tell; 0 for a magic. */
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
  /** The number a record appended after the last valid one gets. */
  readonly nextSequence: number;
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
    return { format, records, damaged, recordsAfterDamage, tail: { atByte: 0, bytes: bytes.length }, nextSequence: 0 };
  }
  let previous: FramedRecord | undefined;
  let offset = format.firstRecordAt;
  while (offset < bytes.length) {
    let record = format.readRecordAt(bytes, offset);
    if (record === undefined) {
      const next = findNextRecord(bytes, offset + 1, format);
      if (next === undefined) {
        const tail = { atByte: offset, bytes: bytes.length - offset };
        return { format, records, damaged, recordsAfterDamage, tail, nextSequence: nextAfter(previous) };
      }
      damaged.push({ atByte: offset, bytes: next.at - offset, records: format.recordsBetween(bytes, previous, next) });
      record = next;
    }
    records.push(record.document);
    if (damaged.length > 0) recordsAfterDamage++;
    previous = record;
    offset = record.end;
  }
  return { format, records, damaged, recordsAfterDamage, nextSequence: nextAfter(previous) };
}

function nextAfter(record: FramedRecord | undefined): number {
  return (record?.sequence ?? -1) + 1;
}
