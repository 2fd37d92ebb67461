import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Catalog } from '../engine/catalog.js';
import { changeRecord, eventFromRecord, type ChangeHistory } from './change-records.js';
import { historyFile, historyTempFile, inDir } from './data-files.js';
import { encodeRecord, fileMagic } from './journal-format.js';
import { scanRecords } from './scan-records.js';

/** What `history.bson` holds at most: the newest change events that fit. */
export const historyFileBudgetBytes = 16 * 1024 * 1024;

/**
 * The change history the journals folded into a snapshot held, kept beside the snapshot
 * (`history.bson`, same framing): written first, renamed into place whole, and tied to the
 * snapshot by its journal generation.
 */
export function writeHistoryFile(
  dir: string,
  journalGeneration: number,
  history: ReturnType<ChangeHistory['retained']>,
): void {
  const temp = inDir(dir, historyTempFile);
  const fd = openSync(temp, 'w');
  try {
    // The newest events up to the budget: the file is written while every client waits (a compaction),
    // so what it costs must not grow with the history (10,000 events of 16 MB each). Older ones are
    // left out and the horizon moves past them: a token from before it gets ChangeStreamHistoryLost,
    // as from an oplog that rolled over.
    const kept: Buffer[] = [];
    let size = 0;
    let horizon = history.horizon;
    for (let index = history.events.length - 1; index >= 0; index--) {
      const event = history.events[index]!;
      const record = encodeRecord(changeRecord(event), index + 1);
      if (size + record.length > historyFileBudgetBytes) {
        horizon = event.clusterTime;
        break;
      }
      kept.push(record);
      size += record.length;
    }
    const chunks = [fileMagic, encodeRecord({ t: 'history', journalGeneration, horizon }, 0), ...kept.reverse()];
    const bytes = Buffer.concat(chunks);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, inDir(dir, historyFile));
}

/**
 * Puts back the history kept with the snapshot of `journalGeneration`; false when there is none
 * whole for it (a data directory from before it was kept, a crash between the two renames, damage):
 * then the history starts again, and older resume tokens get ChangeStreamHistoryLost.
 */
export function loadHistoryFile(
  dir: string,
  journalGeneration: number,
  catalog: Catalog,
  history: ChangeHistory,
): boolean {
  const file = inDir(dir, historyFile);
  if (!existsSync(file)) return false;
  const scan = scanRecords(readFileSync(file));
  const [header, ...records] = scan.records;
  if (scan.damaged.length > 0 || scan.tail !== undefined || header?.['t'] !== 'history') return false;
  if (Number(header['journalGeneration']) !== journalGeneration) return false;
  history.restart(header['horizon']);
  for (const record of records) {
    const event = eventFromRecord(record, catalog);
    if (event === undefined || event === false) return false;
    history.restore(event);
  }
  return true;
}
