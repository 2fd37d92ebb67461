import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { Document } from 'bson';
import type { CatalogSink } from '../engine/catalog.js';
import type { Catalog } from '../engine/catalog.js';
import type { LiteCollection } from '../engine/lite-collection.js';
import type { Durability } from '../commands/command-context.js';
import { inDir, journalFile, listJournalGenerations } from './data-files.js';
import { loadDataDir, type LoadResult } from './load-data-dir.js';
import { JournalWriter } from './journal-writer.js';
import { syncDirectory, writeSnapshot } from './write-snapshot.js';

export interface JournalSinkOptions {
  readonly dir: string;
  /** Compact once the journal passes this size and twice the last snapshot. */
  readonly compactAfterBytes?: number;
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
  private loading = false;
  private compactScheduled = false;

  constructor(private readonly options: JournalSinkOptions) {
    mkdirSync(options.dir, { recursive: true });
  }

  /** Loads what is on disk into the catalog, then opens the journal for appending. */
  open(catalog: Catalog): LoadResult {
    this.catalog = catalog;
    this.loading = true;
    let result: LoadResult;
    try {
      result = loadDataDir(this.options.dir, catalog);
    } finally {
      this.loading = false;
    }
    this.generation = result.generation;
    this.snapshotBytes = result.snapshotBytes;
    const file = inDir(this.options.dir, journalFile(this.generation));
    const created = !existsSync(file);
    this.writer = new JournalWriter(file);
    if (created) syncDirectory(this.options.dir);
    return result;
  }

  put(collection: LiteCollection, document: Document): void {
    this.append({ t: 'put', db: collection.db, c: collection.name, d: document });
  }

  remove(collection: LiteCollection, id: unknown): void {
    this.append({ t: 'del', db: collection.db, c: collection.name, id });
  }

  indexesChanged(collection: LiteCollection): void {
    this.append({ t: 'idx', db: collection.db, c: collection.name, i: collection.indexSpecs().filter((spec) => spec.name !== '_id_') });
  }

  collectionCreated(collection: LiteCollection): void {
    this.append({ t: 'create', db: collection.db, c: collection.name, o: collection.options });
  }

  collectionDropped(db: string, name: string): void {
    this.append({ t: 'drop', db, c: name });
  }

  collectionRenamed(collection: LiteCollection, fromDb: string, fromName: string): void {
    this.append({ t: 'rename', db: fromDb, c: fromName, to: collection.name });
  }

  waitForJournal(): Promise<void> {
    return this.writer?.waitForSync() ?? Promise.resolve();
  }

  /**
   * Folds the journal into a new snapshot. Synchronous on purpose: no write can slip between
   * the state it saves and the journal it starts.
   */
  compact(): void {
    if (this.writer === undefined || this.catalog === undefined) return;
    const next = this.generation + 1;
    this.writer.switchTo(inDir(this.options.dir, journalFile(next)));
    syncDirectory(this.options.dir);
    this.snapshotBytes = writeSnapshot(this.options.dir, this.catalog, next);
    this.generation = next;
    for (const gen of listJournalGenerations(this.options.dir)) {
      if (gen < next) rmSync(inDir(this.options.dir, journalFile(gen)));
    }
  }

  close(): void {
    this.writer?.close();
    this.writer = undefined;
  }

  private append(record: Document): void {
    if (this.loading || this.writer === undefined) return;
    this.writer.append(record);
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
};
