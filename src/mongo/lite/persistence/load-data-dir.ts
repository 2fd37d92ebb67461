import { existsSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Timestamp, type Document } from 'bson';
import type { IndexSpec } from '../engine/collection-index.js';
import type { Catalog } from '../engine/catalog.js';
import { inDir, journalFile, listJournalGenerations, snapshotFile } from './data-files.js';
import { damagedDataError, type JudgedFile } from './damaged-data-error.js';
import { scanRecords, type DamagedRegion } from './scan-records.js';
import { eventFromRecord, type ChangeHistory } from './change-records.js';
import { loadHistoryFile } from './history-file.js';

/** A damaged file salvaged by --repair: set aside whole, its valid records kept. */
export interface RepairedFile {
  readonly file: string;
  readonly movedTo: string;
  readonly damaged: readonly DamagedRegion[];
  readonly tail?: { atByte: number; bytes: number } | undefined;
  readonly recordsKept: number;
  /** Valid records that no longer applied once the damaged ones were gone. */
  readonly recordsNotApplied: number;
  /** Records in the unreadable bytes, as far as their length fields tell (at least 1 per region). */
  readonly recordsLost: number;
  readonly bytesLost: number;
}

export interface LoadResult {
  /** The journal generation to keep appending to. */
  readonly generation: number;
  /** The sequence number of the next record appended to it. */
  readonly nextSequence: number;
  readonly snapshotBytes: number;
  /** Set when a torn tail was cut off the last journal: what a crash mid-write leaves. */
  readonly truncated?: { file: string; atByte: number; droppedBytes: number; keptAs: string };
  /** Files --repair set aside; the caller compacts so the data directory is whole again. */
  readonly repaired: readonly RepairedFile[];
  /** Whether the change history was rebuilt whole: the directory says since when it is complete. */
  readonly historyKnown: boolean;
}

export interface LoadDataDirOptions {
  /** Salvage damaged files instead of refusing to start. */
  readonly repair?: boolean | undefined;
  /** Rebuilt from the change events the files hold, for streams to resume across a restart. */
  readonly history?: ChangeHistory | undefined;
}

interface ScannedFile extends JudgedFile {
  readonly damaged: boolean;
}

/**
 * Loads the snapshot, then replays the journals written since, into an empty catalog. Only a
 * torn tail of the last journal (a crash mid-append) is cut; damage anywhere else stops the
 * start with an error that changes nothing on disk, unless `repair` salvages it.
 */
export function loadDataDir(dir: string, catalog: Catalog, options: LoadDataDirOptions = {}): LoadResult {
  const generations = listJournalGenerations(dir);
  const snapshot = scanSnapshot(dir);
  const header = snapshot?.scan.records[0]?.['t'] === 'snapshot' ? snapshot.scan.records[0] : undefined;
  let generation = header === undefined ? (generations[0] ?? 1) : Number(header['journalGeneration']);
  const replayed = generations.filter((gen) => gen >= generation);
  const journals = replayed.map((gen, index) =>
    scanJournal(inDir(dir, journalFile(gen)), index === replayed.length - 1),
  );

  // Everything is judged before anything on disk changes.
  if (options.repair !== true) {
    if (snapshot?.damaged === true) throw damagedDataError(snapshot, 0);
    journals.forEach((journal, index) => {
      const later = journals.slice(index + 1).reduce((sum, next) => sum + next.scan.records.length, 0);
      if (journal.damaged) throw damagedDataError(journal, later);
    });
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const repaired: RepairedFile[] = [];
  const replay: Replay = { catalog, history: options.history, historyKnown: false };
  if (snapshot !== undefined) {
    const notApplied = applyRecords(replay, snapshot.scan.records, snapshot.damaged);
    if (snapshot.damaged) repaired.push(setAside(snapshot, stamp, notApplied));
    if (header !== undefined && options.history !== undefined)
      replay.historyKnown = loadHistoryFile(dir, generation, catalog, options.history);
  }
  let truncated: LoadResult['truncated'];
  for (const journal of journals) {
    const notApplied = applyRecords(replay, journal.scan.records, journal.damaged);
    const tail = journal.scan.tail;
    if (journal.damaged) repaired.push(setAside(journal, stamp, notApplied));
    else if (tail !== undefined) {
      // A write cut short by a crash; its bytes are kept beside the journal all the same, so
      // that even this cut deletes nothing.
      const keptAs = `${journal.file}.torn-${stamp}`;
      writeFileSync(keptAs, readFileSync(journal.file).subarray(tail.atByte));
      truncateSync(journal.file, tail.atByte);
      truncated = { file: journal.file, atByte: tail.atByte, droppedBytes: tail.bytes, keptAs };
    }
  }
  generation = replayed.at(-1) ?? generation;
  // Records are only ever appended in the current format: a journal in the old one is continued
  // in the next file, which loading replays after it.
  const last = journals.at(-1);
  let nextSequence = last === undefined || last.damaged ? 0 : last.scan.nextSequence;
  if (last !== undefined && last.scan.format.version === 1 && last.scan.records.length > 0) {
    generation++;
    nextSequence = 0;
  }
  return {
    generation,
    nextSequence,
    snapshotBytes: snapshot?.bytes ?? 0,
    repaired,
    // Events in lost bytes are gone: after a repair the history starts again.
    historyKnown: replay.historyKnown && repaired.length === 0,
    ...(truncated === undefined ? {} : { truncated }),
  };
}

function scanSnapshot(dir: string): ScannedFile | undefined {
  const file = inDir(dir, snapshotFile);
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  const scan = scanRecords(bytes);
  // A snapshot is renamed into place whole: any unreadable byte, even at the end, is damage.
  const damaged = scan.damaged.length > 0 || scan.tail !== undefined || scan.records[0]?.['t'] !== 'snapshot';
  return { file, bytes: bytes.length, scan, damaged };
}

function scanJournal(file: string, last: boolean): ScannedFile {
  const bytes = readFileSync(file);
  const scan = scanRecords(bytes);
  // Only the last journal can end in a torn write (an older one was flushed before the next
  // began), and only where the bytes look like a write cut short, not like a record damaged whole.
  const tailDamage =
    scan.tail === undefined
      ? undefined
      : last
        ? scan.format.tailDamage(bytes, scan.tail.atByte)
        : 'a later journal follows it, and a journal is flushed whole before the next one begins, so a crash did not cut it short';
  return {
    file,
    bytes: bytes.length,
    scan,
    damaged: scan.damaged.length > 0 || tailDamage !== undefined,
    tailDamage,
  };
}

/**
 * Replays records in order. Records salvaged after damage may no longer apply (a rename whose
 * source was in the lost bytes): while repairing they are counted and skipped, not fatal.
 */
function applyRecords(replay: Replay, records: readonly Document[], salvaging: boolean): number {
  let notApplied = 0;
  for (const record of records) {
    if (record['t'] === 'snapshot') continue;
    try {
      applyRecord(replay, record);
    } catch (error) {
      if (!salvaging) throw error;
      notApplied++;
    }
  }
  return notApplied;
}

function setAside(scanned: ScannedFile, stamp: string, recordsNotApplied: number): RepairedFile {
  const movedTo = path.join(
    path.dirname(scanned.file),
    path.basename(scanned.file).replace(/\.(log|bson)$/, `.damaged-${stamp}`),
  );
  renameSync(scanned.file, movedTo);
  const { damaged, tail, records } = scanned.scan;
  return {
    file: scanned.file,
    movedTo,
    damaged,
    tail,
    recordsKept: records.length - recordsNotApplied,
    recordsNotApplied,
    recordsLost: damaged.reduce((sum, region) => sum + region.records, 0) + (tail === undefined ? 0 : 1),
    bytesLost: damaged.reduce((sum, region) => sum + region.bytes, 0) + (tail?.bytes ?? 0),
  };
}

/** What replaying records changes: the catalog, and the change history with what it knows. */
interface Replay {
  readonly catalog: Catalog;
  readonly history: ChangeHistory | undefined;
  historyKnown: boolean;
}

function applyRecord(replay: Replay, record: Document): void {
  const { catalog } = replay;
  const db = String(record['db']);
  const name = String(record['c']);
  switch (record['t']) {
    case 'ev':
      break;
    case 'hist':
      if (record['since'] instanceof Timestamp) replay.history?.restart(record['since']);
      replay.historyKnown = true;
      return;
    case 'create':
      if (catalog.get(db, name) === undefined)
        catalog.create(db, name, (record['o'] as Document | undefined) ?? {}, true);
      return;
    case 'drop':
      catalog.drop(db, name, true);
      return;
    case 'rename':
      catalog.rename(db, name, db, String(record['to']), true, true);
      return;
    case 'idx':
      collectionFor(catalog, db, name).setIndexesFromDisk(record['i'] as IndexSpec[]);
      return;
    case 'put':
      collectionFor(catalog, db, name).load(record['d'] as Document);
      break;
    case 'del':
      catalog.get(db, name)?.unload(record['id']);
      break;
    default:
      throw new Error(`unknown journal record type ${String(record['t'])}`);
  }
  restoreEvent(replay, record);
}

/** Puts the change event a write's record holds (or a lone event record) back into the history. */
function restoreEvent(replay: Replay, record: Document): void {
  if (replay.history === undefined) return;
  const event = eventFromRecord(record, replay.catalog);
  // A gap would let a stream skip a change unawares: the history starts again instead.
  if (event === false) replay.historyKnown = false;
  else if (event !== undefined) replay.history.restore(event);
}

function collectionFor(catalog: Catalog, db: string, name: string) {
  return catalog.get(db, name) ?? catalog.create(db, name, {}, true);
}
