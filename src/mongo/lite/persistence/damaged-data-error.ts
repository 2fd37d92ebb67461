import path from 'node:path';
import { EnvironmentError } from '../../../errors.js';
import type { ScannedRecords } from './scan-records.js';

/** A data file as loading judged it. */
export interface JudgedFile {
  readonly file: string;
  readonly bytes: number;
  readonly scan: ScannedRecords;
  /** Why its unreadable tail is damage rather than a torn write. */
  readonly tailDamage?: string | undefined;
}

/**
 * A data file damaged anywhere but in a torn tail: the engine refuses to start rather than
 * guess, changes nothing on disk, and says how to salvage it.
 */
export function damagedDataError(judged: JudgedFile, recordsInLaterFiles: number): EnvironmentError {
  const { file, scan } = judged;
  const first = scan.damaged[0] ?? scan.tail;
  const at = first?.atByte ?? 0;
  const lostBytes = scan.damaged.reduce((sum, region) => sum + region.bytes, 0) + (scan.tail?.bytes ?? 0);
  const following = scan.recordsAfterDamage + recordsInLaterFiles;
  const dir = path.dirname(file);
  const isSnapshot = path.basename(file).startsWith('snapshot');
  const what = isSnapshot ? `The snapshot ${file} is damaged` : `The journal ${file} is damaged`;
  const why = isSnapshot
    ? 'a snapshot is written whole and renamed into place, so the disk or another program changed it'
    : scan.damaged.length === 0 && judged.tailDamage !== undefined
      ? `${judged.tailDamage}: it was changed after it was written, maybe after being acknowledged`
      : `${following} valid ${following === 1 ? 'record follows' : 'records follow'} the damage, so it is not a torn last write`;
  return new EnvironmentError(
    `${what} at byte ${at} of ${judged.bytes} (${lostBytes} unreadable bytes); ${why}. Nothing was cut or deleted.`,
    {
      hint: `Back up ${dir}, then start with --repair (rtlab mongo serve --repair --dbpath ${dir}) to keep every valid record: the damaged file is set aside (renamed *.damaged-<time>) and the log says what was lost. Or restore ${dir} from a backup, or start empty with --fresh.`,
    },
  );
}
