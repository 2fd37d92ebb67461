import type { Document } from 'bson';

/** How the records of one data file are laid out: the version its first bytes name. */
export interface FrameFormat {
  readonly version: 1 | 2;
  /** Where the first record starts, after the file's magic. */
  readonly firstRecordAt: number;
  /** The record at `offset` when its frame is whole and passes every check. */
  readRecordAt(bytes: Buffer, offset: number): { document: Document; end: number } | undefined;
  /** Where the frame at `offset` ends by its length field, unchecked: to count records in damage. */
  frameEndAt(bytes: Buffer, offset: number): number;
  /**
   * Why the unreadable bytes from `atByte` to the end of the last journal (no valid record after
   * them) are damage, or undefined when they are what a crash mid-append leaves: a torn tail.
   */
  tailDamage(bytes: Buffer, atByte: number): string | undefined;
}

/** The offset of the next valid record from `from` on, or -1: where reading resumes after damage. */
export function findNextRecord(bytes: Buffer, from: number, format: FrameFormat): number {
  for (let offset = from; offset < bytes.length; offset++) {
    if (format.readRecordAt(bytes, offset) !== undefined) return offset;
  }
  return -1;
}
