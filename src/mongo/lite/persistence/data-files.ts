import { readdirSync } from 'node:fs';
import path from 'node:path';

/** The files of a data directory: one snapshot and numbered journals. */
export const snapshotFile = 'snapshot.bson';
export const snapshotTempFile = 'snapshot.bson.tmp';
/** The change history the journals folded into the snapshot held (see history-file.ts). */
export const historyFile = 'history.bson';
export const historyTempFile = 'history.bson.tmp';

export function journalFile(generation: number): string {
  return `journal-${String(generation).padStart(6, '0')}.log`;
}

/** Journal generations present in the directory, oldest first. */
export function listJournalGenerations(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => /^journal-(\d{6})\.log$/.exec(name)?.[1])
    .filter((gen): gen is string => gen !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function inDir(dir: string, name: string): string {
  return path.join(dir, name);
}
