import type { Document } from 'bson';

export interface FramedRecord {
  readonly document: Document;
  /** Where its frame ends: the next record starts there. */
  readonly end: number;
  /** Its number in the file, where the format has one. */
  readonly sequence?: number;
}

/** How the records of one data file are laid out: the version its first bytes name. */
export interface FrameFormat {
  readonly version: 1 | 2;
  /** Where the first record starts, after the file's magic. */
  readonly firstRecordAt: number;
  /** The record at `offset` when its frame is whole and passes every check. */
  readRecordAt(bytes: Buffer, offset: number): FramedRecord | undefined;
  /** How many records the damaged bytes between two valid records (or the file's start) held. */
  recordsBetween(bytes: Buffer, before: FramedRecord | undefined, after: FramedRecord & { at: number }): number;
  /**
   * Why the unreadable bytes from `atByte` to the end of the last journal (no valid record after
   * them) are damage, or undefined when they are what a crash mid-append leaves: a torn tail.
   */
  tailDamage(bytes: Buffer, atByte: number): string | undefined;
}

/** The next valid record from `from` on: where reading resumes after damage. */
export function findNextRecord(
  bytes: Buffer,
  from: number,
  format: FrameFormat,
): (FramedRecord & { at: number }) | undefined {
  for (let at = from; at < bytes.length; at++) {
    const record = format.readRecordAt(bytes, at);
    if (record !== undefined) return { ...record, at };
  }
  return undefined;
}
