import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Timestamp } from 'bson';
import { afterEach, expect, it } from 'vitest';
import type { ChangeEvent } from '../engine/change-log.js';
import { historyFile, inDir } from './data-files.js';
import { historyFileBudgetBytes, writeHistoryFile } from './history-file.js';
import { scanRecords } from './scan-records.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('keeps the newest events that fit its budget, and moves the horizon past those left out', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtlab-history-'));
  dirs.push(dir);
  // 40 events of 1 MiB: more than the budget, as a compaction after a burst of big documents finds them.
  const events: ChangeEvent[] = Array.from({ length: 40 }, (_, index) => ({
    clusterTime: new Timestamp({ t: 1_800_000_000, i: index + 1 }),
    wallTime: new Date(),
    operationType: 'insert',
    db: 'lab',
    coll: 'big',
    documentKey: { _id: index },
    fullDocument: { _id: index, blob: 'x'.repeat(1024 * 1024) },
  }));
  writeHistoryFile(dir, 7, { horizon: new Timestamp({ t: 1_799_999_999, i: 1 }), events });

  const file = inDir(dir, historyFile);
  expect(statSync(file).size).toBeLessThanOrEqual(historyFileBudgetBytes + 4096);
  const [header, ...records] = scanRecords(readFileSync(file)).records;
  const keptIds = records.map((record) => Number((record['k'] as { _id: unknown })._id));
  expect(keptIds.length).toBeGreaterThan(10);
  expect(keptIds).toEqual(Array.from({ length: keptIds.length }, (_, i) => 40 - keptIds.length + i));
  // Complete only after the newest event left out: an older resume token gets 286, never a gap.
  const firstKept = 40 - keptIds.length;
  expect((header!['horizon'] as Timestamp).equals(events[firstKept - 1]!.clusterTime)).toBe(true);
  expect(Number(header!['journalGeneration'])).toBe(7);
});
