import { existsSync, readFileSync, truncateSync } from 'node:fs';
import type { Document } from 'bson';
import type { IndexSpec } from '../engine/collection-index.js';
import type { Catalog } from '../engine/catalog.js';
import { inDir, journalFile, listJournalGenerations, snapshotFile } from './data-files.js';
import { decodeRecords } from './journal-format.js';

export interface LoadResult {
  /** The journal generation to keep appending to. */
  readonly generation: number;
  readonly snapshotBytes: number;
  /** Set when a torn tail was cut off a journal: what a crash mid-write leaves. */
  readonly truncated?: { file: string; atByte: number; droppedBytes: number };
}

/** Loads the snapshot, then replays the journals written since, into an empty catalog. */
export function loadDataDir(dir: string, catalog: Catalog): LoadResult {
  let generation = 1;
  let snapshotBytes = 0;
  const snapshotPath = inDir(dir, snapshotFile);
  if (existsSync(snapshotPath)) {
    const bytes = readFileSync(snapshotPath);
    const { records, validBytes } = decodeRecords(bytes);
    if (validBytes !== bytes.length || records[0]?.['t'] !== 'snapshot') {
      throw new Error(`${snapshotPath} is damaged (valid up to byte ${validBytes} of ${bytes.length}); it is written atomically, so the disk or another program changed it`);
    }
    generation = Number(records[0]['journalGeneration']);
    snapshotBytes = bytes.length;
    for (const record of records.slice(1)) applyRecord(catalog, record);
  }
  let truncated: LoadResult['truncated'];
  for (const gen of listJournalGenerations(dir).filter((gen) => gen >= generation)) {
    const file = inDir(dir, journalFile(gen));
    const bytes = readFileSync(file);
    const { records, validBytes } = decodeRecords(bytes);
    for (const record of records) applyRecord(catalog, record);
    if (validBytes < bytes.length) {
      truncateSync(file, validBytes);
      truncated = { file, atByte: validBytes, droppedBytes: bytes.length - validBytes };
    }
    generation = gen;
  }
  return { generation, snapshotBytes, ...(truncated === undefined ? {} : { truncated }) };
}

function applyRecord(catalog: Catalog, record: Document): void {
  const db = String(record['db']);
  const name = String(record['c']);
  switch (record['t']) {
    case 'create':
      if (catalog.get(db, name) === undefined) catalog.create(db, name, (record['o'] as Document | undefined) ?? {}, true);
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
      return;
    case 'del':
      catalog.get(db, name)?.unload(record['id']);
      return;
    default:
      throw new Error(`unknown journal record type ${String(record['t'])}`);
  }
}

function collectionFor(catalog: Catalog, db: string, name: string) {
  return catalog.get(db, name) ?? catalog.create(db, name, {}, true);
}
