import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { collectLogger, useJournalEngines } from './journal-files.js';

/**
 * A data directory written by rtlab before the journal format had a magic, header checksums and
 * end marks (commit 0ef978e): 20 orders and a unique index folded into snapshot.bson, then 10 more
 * orders, o3 paid, o4 deleted and `scratch` renamed to `kept` in journal-000002.log.
 */
const fixture = fileURLToPath(new URL('./journal-v1-data', import.meta.url));

describe('embedded MongoDB: a data directory in the journal format before this one', () => {
  const tempDir = useTempDir();
  const { start, stopAll } = useJournalEngines();
  const copyFixture = () => {
    const dbPath = path.join(tempDir(), 'data');
    cpSync(fixture, dbPath, { recursive: true });
    return dbPath;
  };

  it('loads every document, index and rename, and continues in a new journal of the current format', async () => {
    const dbPath = copyFixture();
    const oldJournal = readFileSync(path.join(dbPath, 'journal-000002.log'));
    const db = await start(dbPath);
    const orders = db.collection('orders');
    expect(await orders.countDocuments()).toBe(29);
    expect(await orders.findOne({ orderId: 'o3' }, { projection: { _id: 0 } })).toEqual({
      orderId: 'o3',
      total: 30,
      status: 'paid',
    });
    expect(await orders.findOne({ orderId: 'o4' })).toBeNull();
    await expect(orders.insertOne({ orderId: 'o1' })).rejects.toMatchObject({ code: 11000 });
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual([
      'kept',
      'orders',
    ]);
    await orders.insertOne({ _id: 100, orderId: 'o100' } as never, { writeConcern: { j: true } });
    await stopAll();

    // The old journal is left as it was; new records went to the next one, in the current format.
    expect(readFileSync(path.join(dbPath, 'journal-000002.log'))).toEqual(oldJournal);
    expect(readdirSync(dbPath).sort()).toEqual(['journal-000002.log', 'journal-000003.log', 'snapshot.bson']);
    expect(readFileSync(path.join(dbPath, 'journal-000003.log')).subarray(0, 8).toString('latin1')).toBe('rtlabJ2\n');

    const again = (await start(dbPath)).collection('orders');
    expect(await again.countDocuments()).toBe(30);
    expect(await again.findOne({ _id: 100 } as never)).toMatchObject({ orderId: 'o100' });
  });

  it('still cuts a torn tail of an old-format journal', async () => {
    const dbPath = copyFixture();
    // A header promising 100 bytes, then 3 of them: a crash mid-append in the old format.
    appendFileSync(path.join(dbPath, 'journal-000002.log'), Buffer.from([100, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]));
    const { warnings, logger } = collectLogger();
    expect(await (await start(dbPath, { logger })).collection('orders').countDocuments()).toBe(29);
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Journal had a torn last record; kept the valid prefix',
    ]);
  });

  it('refuses an old-format journal with a flipped byte in a middle record', async () => {
    const dbPath = copyFixture();
    const journal = path.join(dbPath, 'journal-000002.log');
    const bytes = readFileSync(journal);
    bytes[200] = bytes[200]! ^ 0x08;
    writeFileSync(journal, bytes);
    await expect(start(dbPath)).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining(`The journal ${journal} is damaged at byte`),
    });
  });
});
