import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { Document } from 'bson';
import type { CatalogSink } from '../engine/catalog.js';
import type { Undo } from '../engine/lite-collection.js';
import type { Catalog } from '../engine/catalog.js';
import type { LiteCollection } from '../engine/lite-collection.js';
import type { Durability } from '../commands/command-context.js';
import { historyTempFile, inDir, journalFile, listJournalGenerations, snapshotTempFile } from './data-files.js';
import { writeHistoryFile } from './history-file.js';
import { loadDataDir, type LoadResult } from './load-data-dir.js';
import { JournalWriter, type GroupOutcome } from './journal-writer.js';
import { putRecord, type EncodedRecord } from './put-record.js';
import { syncDirectory, writeSnapshot } from './write-snapshot.js';
import type { ChangeEvent } from '../engine/change-log.js';
import { changeRecord, historyStartRecord, withEvent, type ChangeHistory } from './change-records.js';

export interface JournalSinkOptions {
  readonly dir: string;
  /** Compact once the journal passes this size and twice the last snapshot. */
  readonly compactAfterBytes?: number | undefined;
  /** Told when compaction could not write its snapshot (a full disk): nothing is lost. */
  readonly onCompactionFailed?: (error: Error) => void;
  /** Salvage damaged data files instead of refusing to start (`--repair`). */
  readonly repair?: boolean | undefined;
}

/**
 * Makes the catalog durable in a data directory: every change is appended to the journal as a
 * post-image; the journal is folded into a snapshot when it grows large.
 */
export class JournalSink implements CatalogSink, Durability {
  private writer: JournalWriter | undefined;
  private generation = 1;
  private snapshotBytes = 0;
  private catalog: Catalog | undefined;
  private history: ChangeHistory | undefined;
  private loading = false;
  private compactScheduled = false;

  constructor(private readonly options: JournalSinkOptions) {
    mkdirSync(options.dir, { recursive: true });
  }

  /**
   * Loads what is on disk into the catalog and the change history, then opens the journal for
   * appending.
   */
  open(catalog: Catalog, history?: ChangeHistory): LoadResult {
    this.catalog = catalog;
    this.history = history;
    this.loading = true;
    let result: LoadResult;
    try {
      result = loadDataDir(this.options.dir, catalog, { repair: this.options.repair, history });
    } finally {
      this.loading = false;
    }
    this.generation = result.generation;
    this.snapshotBytes = result.snapshotBytes;
    const file = inDir(this.options.dir, journalFile(this.generation));
    const created = !existsSync(file);
    this.writer = new JournalWriter(file, result.nextSequence);
    if (created) syncDirectory(this.options.dir);
    if (history !== undefined && !result.historyKnown) {
      // A new directory (or one whose history is lost): streams can resume from now on.
      history.restart(history.latestTime);
      this.append(historyStartRecord(history.latestTime), () => undefined);
    }
    // Damaged files were set aside: a new snapshot makes the directory whole without them.
    if (result.repaired.length > 0) this.compact();
    return result;
  }

  put(collection: LiteCollection, document: Document, undo: Undo, bytes?: Uint8Array): void {
    this.appendWrite(
      bytes === undefined
        ? { t: 'put', db: collection.db, c: collection.name, d: document }
        : putRecord(collection.db, collection.name, bytes),
      undo,
    );
  }

  remove(collection: LiteCollection, id: unknown, undo: Undo): void {
    this.appendWrite({ t: 'del', db: collection.db, c: collection.name, id }, undo);
  }

  indexesChanged(collection: LiteCollection, undo: Undo): void {
    this.append(
      {
        t: 'idx',
        db: collection.db,
        c: collection.name,
        i: collection.indexSpecs().filter((spec) => spec.name !== '_id_'),
      },
      undo,
    );
  }

  /**
   * Kept in its write's record, recorded in the same turn right after it (see change-records.ts):
   * the record is still waiting for its group's write, and is encoded again with the event.
   */
  changeRecorded(event: ChangeEvent): void {
    const last = this.lastWrite;
    this.lastWrite = undefined;
    if (this.writer === undefined || this.loading) return;
    if (last !== undefined && last.appended === this.writer.appendedCount)
      this.writer.amendLast(withEvent(last.record, event));
    // Not right after its write (no such path today): kept whole on its own, never dropped.
    else this.append(changeRecord(event), () => undefined);
  }

  collectionCreated(collection: LiteCollection, undo: Undo): void {
    this.append({ t: 'create', db: collection.db, c: collection.name, o: collection.options }, undo);
  }

  collectionDropped(db: string, name: string, undo: Undo): void {
    this.append({ t: 'drop', db, c: name }, undo);
  }

  collectionRenamed(collection: LiteCollection, fromDb: string, fromName: string, undo: Undo): void {
    this.append({ t: 'rename', db: fromDb, c: fromName, to: collection.name }, undo);
  }

  waitForJournal(): Promise<void> {
    return this.writer?.waitForSync() ?? Promise.resolve();
  }

  waitForWrite(): Promise<void> {
    return this.writer?.waitForWrite() ?? Promise.resolve();
  }

  beforeNextWrite(hook: () => void): void {
    if (this.writer === undefined) hook();
    else this.writer.beforeNextWrite(hook);
  }

  onGroupOutcome(outcome: GroupOutcome): void {
    if (this.writer === undefined) outcome(true);
    else this.writer.onGroupOutcome(outcome);
  }

  /**
   * Folds the journal into a new snapshot. Synchronous on purpose: no write can slip between
   * the state it saves and the journal it starts.
   */
  compact(): void {
    if (this.writer === undefined || this.catalog === undefined) return;
    const next = this.generation + 1;
    try {
      this.writer.switchTo(inDir(this.options.dir, journalFile(next)));
      this.generation = next;
      syncDirectory(this.options.dir);
      // The history first: a crash between the two leaves it tied to a snapshot that is not there.
      if (this.history !== undefined) writeHistoryFile(this.options.dir, next, this.history.retained());
      this.snapshotBytes = writeSnapshot(this.options.dir, this.catalog, next);
    } catch (error) {
      // A full disk during compaction loses nothing: the old snapshot and every journal since
      // stay, and loading replays them all. The half-written snapshot is removed.
      rmSync(inDir(this.options.dir, snapshotTempFile), { force: true });
      rmSync(inDir(this.options.dir, historyTempFile), { force: true });
      this.options.onCompactionFailed?.(error as Error);
      return;
    }
    for (const gen of listJournalGenerations(this.options.dir)) {
      if (gen < next) rmSync(inDir(this.options.dir, journalFile(gen)));
    }
  }

  close(): void {
    this.writer?.close();
    this.writer = undefined;
  }

  /** The last document write appended, while nothing came after it: its event joins its record. */
  private lastWrite: { record: Document | EncodedRecord; appended: number } | undefined;

  private appendWrite(record: Document | EncodedRecord, undo: Undo): void {
    this.append(record, undo);
    this.lastWrite =
      this.writer === undefined || this.loading ? undefined : { record, appended: this.writer.appendedCount };
  }

  private append(record: Document | EncodedRecord, undo: Undo): void {
    if (this.loading || this.writer === undefined) return;
    this.writer.append(record, undo);
    const threshold = Math.max(this.options.compactAfterBytes ?? 64 * 1024 * 1024, 2 * this.snapshotBytes);
    if (this.writer.bytes > threshold && !this.compactScheduled) {
      this.compactScheduled = true;
      setImmediate(() => {
        this.compactScheduled = false;
        this.compact();
      });
    }
  }
}

/** Without a data directory nothing is written, and `j: true` has nothing to wait for. */
export const memoryOnlySink: CatalogSink & Durability = {
  put: () => undefined,
  remove: () => undefined,
  indexesChanged: () => undefined,
  collectionCreated: () => undefined,
  collectionDropped: () => undefined,
  collectionRenamed: () => undefined,
  waitForJournal: () => Promise.resolve(),
  waitForWrite: () => Promise.resolve(),
  onGroupOutcome: (outcome) => outcome(true),
};
