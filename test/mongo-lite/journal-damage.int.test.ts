import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { runRtlab } from '../helpers/run-rtlab.js';
import { useTempDir } from '../helpers/temp-dir.js';
import {
  collectLogger,
  frameStarts,
  journalOf,
  readDir,
  startError,
  useJournalEngines,
  type EngineOptions,
} from './journal-files.js';

/** Only a torn tail is ever cut: damage followed by valid records refuses the start until --repair. */
describe('embedded MongoDB: a damaged journal or snapshot', () => {
  const tempDir = useTempDir();
  const engines = useJournalEngines();
  const { stopAll } = engines;
  const start = async (dbPath: string, options: EngineOptions = {}) =>
    (await engines.start(dbPath, options)).collection('orders');
  const writeOrders = async (dbPath: string, count: number) => {
    const orders = await start(dbPath);
    // j:true writes, 100 documents a command: each command is acknowledged only once fsynced.
    for (let first = 0; first < count; first += 100) {
      await orders.insertMany(
        Array.from({ length: Math.min(100, count - first) }, (_, i) => ({ n: first + i, note: `order ${first + i}` })),
        { writeConcern: { j: true } },
      );
    }
    await stopAll();
  };

  it('refuses to start over one flipped byte mid-journal, deletes nothing, and --repair keeps every other record', async () => {
    const dbPath = path.join(tempDir(), 'data');
    await writeOrders(dbPath, 3000);
    const journal = journalOf(dbPath);
    const bytes = readFileSync(journal);
    const flippedAt = Math.floor(bytes.length / 2);
    bytes[flippedAt] = bytes[flippedAt]! ^ 0x40;
    writeFileSync(journal, bytes);
    const before = readDir(dbPath);

    const refused = await startError(dbPath);
    expect(refused).toMatchObject({
      name: 'EnvironmentError',
      exitCode: 3,
      message: expect.stringMatching(
        /^The journal .*journal-000001\.log is damaged at byte \d+ of \d+ .*; 14\d\d valid records follow the damage, so it is not a torn last write\. Nothing was cut or deleted\.$/,
      ),
    });
    expect((refused as { hint: string }).hint).toContain('rtlab mongo serve --repair');
    expect(readDir(dbPath)).toEqual(before);

    const { warnings, logger } = collectLogger();
    const orders = await start(dbPath, { repair: true, logger });
    expect(await orders.countDocuments()).toBe(2999);
    expect(warnings).toEqual([
      {
        message: 'Repaired a damaged data file: kept every valid record, set the file aside',
        meta: expect.objectContaining({
          file: journal,
          recordsLost: 1,
          recordsNotApplied: 0,
          damaged: [expect.objectContaining({ records: 1 })],
        }),
      },
    ]);
    const movedTo = String(warnings[0]!.meta['movedTo']);
    expect(path.basename(movedTo)).toMatch(/^journal-000001\.damaged-/);
    expect(readFileSync(movedTo)).toEqual(bytes);
    await orders.insertOne({ n: 'after repair' }, { writeConcern: { j: true } });
    await stopAll();

    // Repaired for good: a plain start needs no --repair and has everything.
    const again = await start(dbPath);
    expect(await again.countDocuments()).toBe(3000);
  }, 60_000);

  it('refuses a zeroed block mid-journal (a bad sector) and salvages the records after it', async () => {
    const dbPath = path.join(tempDir(), 'data');
    await writeOrders(dbPath, 500);
    const journal = journalOf(dbPath);
    const bytes = readFileSync(journal);
    bytes.fill(0, 4096, 8192);
    writeFileSync(journal, bytes);
    await expect(startMongoLite({ port: 0, dbPath })).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('is damaged at byte'),
    });
    const { warnings, logger } = collectLogger();
    const orders = await start(dbPath, { repair: true, logger });
    const lost = Number(warnings[0]!.meta['recordsLost']);
    expect(lost).toBeGreaterThan(1);
    expect(await orders.countDocuments()).toBeGreaterThanOrEqual(500 - lost);
    expect(await orders.findOne({ n: 499 })).toMatchObject({ note: 'order 499' });
  });

  it('still cuts a torn tail (an incomplete last record) without --repair', async () => {
    const dbPath = path.join(tempDir(), 'data');
    await writeOrders(dbPath, 10);
    const journal = journalOf(dbPath);
    const whole = readFileSync(journal);
    // The last record cut in the middle, as a crash mid-write leaves it.
    writeFileSync(journal, whole.subarray(0, whole.length - 7));
    const { warnings, logger } = collectLogger();
    const orders = await start(dbPath, { logger });
    expect(await orders.countDocuments()).toBe(9);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Journal had a torn last record; kept the valid prefix',
    ]);
    // What was cut is kept beside the journal: even the one cut deletes nothing.
    const keptAs = (warnings[0]!.meta as { keptAs: string }).keptAs;
    expect(readFileSync(keptAs)).toEqual(whole.subarray(readFileSync(journal).length, whole.length - 7));
  });

  it('refuses to start when the whole last record fails its checksum (damaged after it was written, not torn); --repair sets it aside', async () => {
    const dbPath = path.join(tempDir(), 'data');
    await writeOrders(dbPath, 10);
    const journal = journalOf(dbPath);
    const bytes = readFileSync(journal);
    // One byte of the last record flipped: the record is all there, its length fits the file.
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    writeFileSync(journal, bytes);
    const before = readDir(dbPath);
    await expect(start(dbPath)).rejects.toMatchObject({
      message: expect.stringContaining('the damaged last record is all there'),
    });
    expect(readDir(dbPath)).toEqual(before);
    const { warnings, logger } = collectLogger();
    const orders = await start(dbPath, { repair: true, logger });
    expect(await orders.countDocuments()).toBe(9);
    expect(warnings[0]!.meta['recordsLost']).toBe(1);
  });

  it("refuses to start when the last record's length was made shorter (its end inside the file, written bytes after it)", async () => {
    const dbPath = path.join(tempDir(), 'data');
    await writeOrders(dbPath, 10);
    const journal = journalOf(dbPath);
    const whole = readFileSync(journal);
    const lastStart = frameStarts(whole).at(-1)!;
    const bytes = Buffer.from(whole);
    bytes.writeUInt32LE(12, lastStart);
    writeFileSync(journal, bytes);
    await expect(start(dbPath)).rejects.toMatchObject({ message: expect.stringContaining('is damaged at byte') });
  });

  it('starts with every record when only zeros follow the last one (the file grew, its data never reached the disk)', async () => {
    const dbPath = path.join(tempDir(), 'data');
    await writeOrders(dbPath, 10);
    const journal = journalOf(dbPath);
    writeFileSync(journal, Buffer.concat([readFileSync(journal), Buffer.alloc(4096)]));
    const orders = await start(dbPath);
    expect(await orders.countDocuments()).toBe(10);
  });

  it('cuts a last record whose unwritten sectors read as zeros (a crash after the file grew) without --repair', async () => {
    const dbPath = path.join(tempDir(), 'data');
    await writeOrders(dbPath, 10);
    await (await start(dbPath)).insertOne({ n: 'in flight', note: 'x'.repeat(1200) });
    await stopAll();
    const journal = journalOf(dbPath);
    const bytes = readFileSync(journal);
    // That last record spans sectors: the ones after its first boundary never reached the disk.
    const lastStart = frameStarts(bytes).at(-1)!;
    bytes.fill(0, Math.ceil((lastStart + 1) / 512) * 512);
    writeFileSync(journal, bytes);
    const { warnings, logger } = collectLogger();
    const orders = await start(dbPath, { logger });
    expect(await orders.countDocuments()).toBe(10);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Journal had a torn last record; kept the valid prefix',
    ]);
  });

  it('reports a damaged snapshot through the CLI as an environment problem (exit 3) with what to do, and --repair salvages it', async () => {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'data');
    const db = await engines.start(dbPath);
    await db.collection('orders').insertMany(Array.from({ length: 200 }, (_, n) => ({ n })));
    await db.command({ compact: 'orders' });
    await stopAll();
    const snapshot = path.join(dbPath, 'snapshot.bson');
    const bytes = readFileSync(snapshot);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0x01;
    writeFileSync(snapshot, bytes);
    const env = { RTLAB_HOME: path.join(cwd, '.rtlab') };

    const refused = await runRtlab(['mongo', 'serve', '--port', '0', '--dbpath', dbPath], { cwd, env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`The snapshot ${snapshot} is damaged at byte`);
    expect(refused.stderr).toContain('rtlab mongo serve --repair');
    expect(refused.stderr).not.toMatch(/bug|internal error/i);
    expect(readFileSync(snapshot)).toEqual(bytes);

    const repaired = await start(dbPath, { repair: true });
    expect(await repaired.countDocuments()).toBe(199);
  });
});
