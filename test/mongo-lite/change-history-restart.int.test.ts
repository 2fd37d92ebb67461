import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChangeStream, ChangeStreamDocument, Document, ResumeToken } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.js';
import { killHard, useChildEngines } from './serve-in-child.js';

/** The next `count` events of a stream, failing instead of hanging if they do not come. */
async function take(stream: ChangeStream, count: number): Promise<ChangeStreamDocument<Document>[]> {
  const events: ChangeStreamDocument<Document>[] = [];
  const deadline = Date.now() + 15_000;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${events.length} of ${count} change events within 15 s`);
    const event = await stream.tryNext();
    if (event !== null) events.push(event);
  }
  return events;
}

describe('embedded MongoDB: change history across a restart', () => {
  const tempDir = useTempDir();
  const engines = useChildEngines();

  it('resumes a stream after kill -9 and a restart on the same data, nothing missed or repeated, across a compaction too', async () => {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'data');
    const first = await engines.serve(cwd, dbPath);
    const broadcasts = (await engines.connect(first.uri)).db('lab').collection<{ _id: string; n?: number }>('bc');
    const watcher = broadcasts.watch([], { maxAwaitTimeMS: 50 });
    await watcher.tryNext(); // open before the writes
    await broadcasts.insertMany([
      { _id: 'b1', n: 1 },
      { _id: 'b2', n: 2 },
    ]);
    await take(watcher, 2);
    // Where a consumer stopped reading (the Socket.IO adapter keeps the last token it handled).
    const stoppedAt = watcher.resumeToken as ResumeToken;
    await broadcasts.insertOne({ _id: 'b3', n: 3 });
    await broadcasts.updateOne({ _id: 'b1' }, { $set: { n: 10 } });
    await broadcasts.replaceOne({ _id: 'b3' }, { n: 30 });
    await broadcasts.deleteOne({ _id: 'b2' });
    // The journal so far is folded into a snapshot: its events must be kept beside it.
    await broadcasts.db.command({ compact: 'bc' });
    await broadcasts.insertOne({ _id: 'b4', n: 4 });
    const missed = await take(watcher, 5);
    expect(missed.map((event) => event.operationType)).toEqual(['insert', 'update', 'replace', 'delete', 'insert']);
    await killHard(first.child);

    const second = await engines.serve(cwd, dbPath);
    const again = (await engines.connect(second.uri)).db('lab').collection<{ _id: string; n?: number }>('bc');
    await again.insertOne({ _id: 'b5', n: 5 });
    const resumed = again.watch([], { resumeAfter: stoppedAt, maxAwaitTimeMS: 50 });
    const afterRestart = await take(resumed, 6);
    // The same events (resume tokens, cluster and wall times, documents), then the new one.
    expect(afterRestart.slice(0, 5)).toEqual(missed);
    expect(afterRestart[5]).toMatchObject({ operationType: 'insert', fullDocument: { _id: 'b5', n: 5 } });
    expect(await resumed.tryNext()).toBeNull();

    // Resuming from the last event before the kill gives exactly what came after it.
    const fromLast = again.watch([], { resumeAfter: missed[4]!._id, maxAwaitTimeMS: 50 });
    expect((await take(fromLast, 1))[0]!._id).toEqual(afterRestart[5]!._id);
    await Promise.all([resumed.close(), fromLast.close()]);

    // Before the data directory's first start there is no history: refused, never skipped.
    const beforeAnything = again.watch([], { resumeAfter: { _data: `82${'0'.repeat(7)}1${'0'.repeat(7)}1` } });
    await expect(beforeAnything.tryNext()).rejects.toMatchObject({ code: 286 });
  });

  it('keeps MONGO_CHANGE_HISTORY events: a stream further behind is refused (286) with a warn line saying what to raise', async () => {
    const cwd = tempDir();
    writeFileSync(
      path.join(cwd, '.env'),
      'WEBHOOK_SECRET=test-secret-0123\nJWT_SECRET=test-jwt-secret-0123456\nWS_TOKEN=test-token\nMONGO_CHANGE_HISTORY=5\n',
    );
    const served = await engines.serve(cwd, path.join(cwd, 'data'));
    const items = (await engines.connect(served.uri)).db('lab').collection<{ n: number }>('items');
    const watcher = items.watch([], { maxAwaitTimeMS: 50 });
    await watcher.tryNext(); // open before the insert
    await items.insertOne({ n: 0 });
    await take(watcher, 1);
    const behind = watcher.resumeToken as ResumeToken;
    await watcher.close();
    await items.insertMany(Array.from({ length: 20 }, (_, n) => ({ n: n + 1 })));
    const late = items.watch([], { resumeAfter: behind });
    await expect(late.tryNext()).rejects.toMatchObject({ code: 286 });
    // The log line travels on another pipe than the reply: wait for it.
    const warningLine = () =>
      served
        .stderr()
        .split('\n')
        .find((line) => line.includes('Refused to resume a change stream'));
    const deadline = Date.now() + 10_000;
    while (warningLine() === undefined && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const warning = warningLine();
    expect(warning).toContain('retainedEvents');
    expect(warning).toContain('MONGO_CHANGE_HISTORY');
  });
});
