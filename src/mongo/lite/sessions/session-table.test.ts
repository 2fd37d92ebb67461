import { UUID } from 'bson';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../engine/catalog.js';
import { memoryOnlySink } from '../persistence/journal-sink.js';
import { toKeyString } from '../bson/key-string.js';
import {
  beginRetryableWrite,
  sessionTableNamespace,
  sessionTimeoutMs,
  type RetryableWrite,
  type StatementResult,
} from './session-table.js';

const writeOn = (sessionId: UUID, txnNumber: bigint) => ({
  sessionId,
  sessionKey: toKeyString(sessionId),
  txnNumber,
});

/** As a command does: its statements recorded, then the record saved as it ends. */
const recordAndSave = (write: RetryableWrite, ...entries: Array<[number, StatementResult]>) => {
  write.record(entries);
  write.save();
};

describe('session table', () => {
  it('remembers executed statements of the same txnNumber and starts afresh on a newer one', () => {
    const catalog = new Catalog(memoryOnlySink);
    const session = new UUID();
    recordAndSave(beginRetryableWrite(catalog, writeOn(session, 1n), {}, 0), [0, { n: 1, nModified: 1 }]);

    expect(beginRetryableWrite(catalog, writeOn(session, 1n), {}, 1).executed(0)).toEqual({ n: 1, nModified: 1 });
    expect(beginRetryableWrite(catalog, writeOn(session, 2n), {}, 2).executed(0)).toBeUndefined();
  });

  it('forgets a session unused for 30 minutes, and keeps one used since', () => {
    const catalog = new Catalog(memoryOnlySink);
    const idle = new UUID();
    const busy = new UUID();
    const start = Date.now();
    recordAndSave(beginRetryableWrite(catalog, writeOn(idle, 1n), {}, start), [0, { n: 1 }]);
    recordAndSave(beginRetryableWrite(catalog, writeOn(busy, 1n), {}, start), [0, { n: 1 }]);
    const table = catalog.get(sessionTableNamespace.db, sessionTableNamespace.name)!;
    const busyRecord = table.getById({ id: busy })!;
    table.replace(busyRecord, { ...busyRecord.doc, lastWriteDate: new Date(start + sessionTimeoutMs) });

    beginRetryableWrite(catalog, writeOn(new UUID(), 1n), {}, start + sessionTimeoutMs + 60_001);

    expect(table.getById({ id: idle })).toBeUndefined();
    expect(table.getById({ id: busy })).toBeDefined();
    expect(beginRetryableWrite(catalog, writeOn(idle, 1n), {}, start + sessionTimeoutMs + 60_002).executed(0)).toBe(
      undefined,
    );
  });
});
