import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameEndMarkBytes, frameHeaderBytes } from '../../src/mongo/lite/persistence/journal-format.js';
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
import { useChildEngines } from './serve-in-child.js';

const orderCount = 30;
/** The middle order whose record the middle-damage cases change. */
const middleOrder = 15;

/** The frame holding order `n`'s insert, found by reading the payloads. */
function frameOfOrder(bytes: Buffer, n: number): { start: number; end: number } {
  const starts = frameStarts(bytes);
  for (const start of starts) {
    const length = bytes.readUInt32LE(start);
    const record = deserialize(bytes.subarray(start + frameHeaderBytes, start + frameHeaderBytes + length));
    if (record['t'] === 'put' && record['d']?.n === n)
      return { start, end: start + frameHeaderBytes + length + frameEndMarkBytes };
  }
  throw new Error(`no record of order ${n}`);
}

/** What a crash mid-append leaves of the last record (order `orderCount - 1`, in flight). */
const crashShapes: Array<[string, (bytes: Buffer, last: { start: number; end: number }) => Buffer]> = [
  ['the file ends inside its header', (bytes, last) => bytes.subarray(0, last.start + 5)],
  ['the file ends inside its payload', (bytes, last) => bytes.subarray(0, last.start + 40)],
  ['the file ends inside its end mark', (bytes, last) => bytes.subarray(0, last.end - 2)],
  [
    'its sectors from a 512-byte boundary on read as zeros',
    (bytes, last) => Buffer.from(bytes).fill(0, Math.ceil((last.start + 1) / 512) * 512),
  ],
];

/** Damage to a record that was written whole, as the disk or another program leaves it. */
const damageShapes: Array<[string, (bytes: Buffer, at: number) => void]> = [
  ['its length made larger than the file', (bytes, at) => bytes.writeUInt32LE(bytes.length * 2, at)],
  ['its length made larger by one', (bytes, at) => bytes.writeUInt32LE(bytes.readUInt32LE(at) + 1, at)],
  ['its length made smaller', (bytes, at) => bytes.writeUInt32LE(bytes.readUInt32LE(at) - 9, at)],
  ['its sequence number changed', (bytes, at) => bytes.writeUInt32LE(bytes.readUInt32LE(at + 4) + 1, at + 4)],
  [
    'its payload checksum changed',
    (bytes, at) => bytes.writeUInt32LE((bytes.readUInt32LE(at + 8) ^ 0x100) >>> 0, at + 8),
  ],
  [
    'its header checksum changed',
    (bytes, at) => bytes.writeUInt32LE((bytes.readUInt32LE(at + 12) ^ 0x1) >>> 0, at + 12),
  ],
  ['its end mark changed', (bytes, at) => void (bytes[bytes.readUInt32LE(at) + at + 16] = 0x20)],
  ['one payload bit flipped', (bytes, at) => void (bytes[at + 40] = bytes[at + 40]! ^ 0x04)],
];

describe('embedded MongoDB: a torn journal tail is cut, damage to an acknowledged record never is', () => {
  const tempDir = useTempDir();
  const engines = useJournalEngines();
  const start = async (dbPath: string, options: EngineOptions = {}) =>
    (await engines.start(dbPath, options)).collection('orders');
  const ordersIn = async (dbPath: string, options: EngineOptions = {}) => {
    const orders = await start(dbPath, options);
    const ns = (await orders.find({}, { sort: { n: 1 } }).toArray()).map((order) => order['n'] as number);
    await engines.stopAll();
    return ns;
  };
  const all = Array.from({ length: orderCount }, (_, n) => n);

  // One data directory written by the engine, each order its own j:true insert (acknowledged once
  // fsynced); the last one is large, so that it spans sectors. Each case works on a copy.
  let written = '';
  beforeAll(async () => {
    written = path.join(mkdtempSync(path.join(tmpdir(), 'rtlab-test-')), 'data');
    const orders = await start(written);
    for (const n of all) {
      await orders.insertOne(
        { n, note: n === orderCount - 1 ? 'x'.repeat(2000) : `order ${n}` },
        { writeConcern: { j: true } },
      );
    }
    await engines.stopAll();
  });
  afterAll(() => rmSync(path.dirname(written), { recursive: true, force: true }));
  const copyChanged = (change: (bytes: Buffer) => Buffer) => {
    const dbPath = path.join(tempDir(), 'data');
    cpSync(written, dbPath, { recursive: true });
    const journal = journalOf(dbPath);
    const bytes = change(readFileSync(journal));
    writeFileSync(journal, bytes);
    return { dbPath, journal, bytes };
  };

  it.each(crashShapes)('starts without --repair when the record in flight was torn: %s', async (_, tear) => {
    const { dbPath, journal, bytes } = copyChanged((bytes) => tear(bytes, frameOfOrder(bytes, orderCount - 1)));
    const { warnings, logger } = collectLogger();
    expect(await ordersIn(dbPath, { logger })).toEqual(all.slice(0, -1));
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Journal had a torn last record; kept the valid prefix',
    ]);
    // The cut bytes are kept beside the journal.
    const keptAs = String(warnings[0]!.meta['keptAs']);
    expect(Buffer.concat([readFileSync(journal), readFileSync(keptAs)])).toEqual(bytes);
  });

  it('starts with every record when the file grew by zeros its data never reached', async () => {
    const { dbPath } = copyChanged((bytes) => Buffer.concat([bytes, Buffer.alloc(8192)]));
    expect(await ordersIn(dbPath)).toEqual(all);
  });

  describe.each([
    ['the last record', orderCount - 1],
    ['a middle record', middleOrder],
  ])('damage to %s', (_, damagedOrder) => {
    it.each(damageShapes)('%s: refused, nothing changed; --repair keeps every other record', async (_, damage) => {
      let at = 0;
      const { dbPath, journal, bytes } = copyChanged((bytes) => {
        at = frameOfOrder(bytes, damagedOrder).start;
        const changed = Buffer.from(bytes);
        damage(changed, at);
        return changed;
      });
      const before = readDir(dbPath);
      const refused = await startError(dbPath);
      expect(refused).toMatchObject({
        name: 'EnvironmentError',
        exitCode: 3,
        message: expect.stringContaining(`The journal ${journal} is damaged at byte ${at} of ${bytes.length}`),
      });
      expect(readDir(dbPath)).toEqual(before);

      const { warnings, logger } = collectLogger();
      expect(await ordersIn(dbPath, { repair: true, logger })).toEqual(all.filter((n) => n !== damagedOrder));
      expect(warnings).toEqual([
        {
          message: 'Repaired a damaged data file: kept every valid record, set the file aside',
          meta: expect.objectContaining({ file: journal, recordsLost: 1, recordsNotApplied: 0 }),
        },
      ]);
      // The damaged bytes are set aside whole, and the directory is whole again without --repair.
      expect(readFileSync(String(warnings[0]!.meta['movedTo']))).toEqual(bytes);
      expect(await ordersIn(dbPath)).toEqual(all.filter((n) => n !== damagedOrder));
    });
  });

  const children = useChildEngines();

  it('rtlab mongo serve refuses a last record whose length was made larger (exit 3, ✗ file and byte, hint --repair); --repair serves every other record', async () => {
    let at = 0;
    const { dbPath, journal } = copyChanged((bytes) => {
      at = frameOfOrder(bytes, orderCount - 1).start;
      const changed = Buffer.from(bytes);
      changed.writeUInt32LE(bytes.length * 2, at);
      return changed;
    });
    const cwd = path.dirname(dbPath);
    const env = { RTLAB_HOME: path.join(cwd, '.rtlab') };
    const refused = await runRtlab(['mongo', 'serve', '--port', '0', '--dbpath', dbPath], { cwd, env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`✗ The journal ${journal} is damaged at byte ${at} of `);
    expect(refused.stderr).toMatch(/\n\s*hint: .*rtlab mongo serve --repair --dbpath /);
    expect(readdirSync(dbPath).sort()).toEqual(['journal-000001.log']);

    const repaired = await children.serve(cwd, dbPath, { args: ['--repair'] });
    const orders = (await children.connect(repaired.uri)).db('lab').collection('orders');
    expect(await orders.countDocuments()).toBe(orderCount - 1);
    expect(await orders.findOne({ n: orderCount - 1 })).toBeNull();
    expect(repaired.stderr()).toContain('Repaired a damaged data file');
  }, 90_000);
});
