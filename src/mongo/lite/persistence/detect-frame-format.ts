import { findNextRecord, type FrameFormat } from './frame-format.js';
import { frameFormatV1 } from './frame-format-v1.js';
import { frameFormatV2 } from './frame-format-v2.js';
import { fileMagic } from './journal-format.js';

export interface DetectedFrameFormat {
  readonly format: FrameFormat;
  /** The file holds the current format's records but its magic was changed: damage at byte 0. */
  readonly magicDamaged: boolean;
}

/**
 * Which format a data file is in. An empty file, or one cut inside its magic, is the current
 * format (the magic is written and fsynced before any record). A file whose magic is wrong is
 * read as the old format only if no current-format record is in it: a changed byte in the
 * magic must not make a journal's records unreadable, and so cut as a torn tail.
 */
export function detectFrameFormat(bytes: Buffer): DetectedFrameFormat {
  const head = bytes.subarray(0, fileMagic.length);
  if (head.equals(fileMagic.subarray(0, head.length))) return { format: frameFormatV2, magicDamaged: false };
  if (findNextRecord(bytes, fileMagic.length, frameFormatV2) !== undefined)
    return { format: frameFormatV2, magicDamaged: true };
  return { format: frameFormatV1, magicDamaged: false };
}
