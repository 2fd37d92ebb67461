import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import type { Catalog } from '../engine/catalog.js';
import { inDir, snapshotFile, snapshotTempFile } from './data-files.js';
import { encodeRecord, fileMagic } from './journal-format.js';

/**
 * Writes every collection, index and document to a new snapshot, then renames it over the old
 * one: a crash leaves either the old snapshot or the new one, never half of either.
 */
export function writeSnapshot(dir: string, catalog: Catalog, journalGeneration: number): number {
  const temp = inDir(dir, snapshotTempFile);
  const fd = openSync(temp, 'w');
  let bytes = 0;
  const writeBytes = (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
    bytes += chunk.length;
  };
  let sequence = 0;
  const write = (record: Parameters<typeof encodeRecord>[0]) => writeBytes(encodeRecord(record, sequence++));
  try {
    writeBytes(fileMagic);
    write({ t: 'snapshot', journalGeneration, createdAt: new Date() });
    for (const collection of catalog.collections()) {
      write({ t: 'create', db: collection.db, c: collection.name, o: collection.options });
      write({
        t: 'idx',
        db: collection.db,
        c: collection.name,
        i: collection.indexSpecs().filter((spec) => spec.name !== '_id_'),
      });
      for (const stored of collection.all()) write({ t: 'put', db: collection.db, c: collection.name, d: stored.doc });
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, inDir(dir, snapshotFile));
  syncDirectory(dir);
  return bytes;
}

/** Makes a rename or a new file in the directory durable. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
