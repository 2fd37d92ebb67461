import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pushFileLines } from './push-file-lines.js';

describe('pushFileLines', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  /** A folder, and the lines of `app.log` pushed into `seen`, with a wait for the next one that says `text`. */
  async function follow(fallbackIntervalMs: number, before?: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'rtlab-push-lines-'));
    const controller = new AbortController();
    stops.push(() => {
      controller.abort();
      rmSync(dir, { recursive: true, force: true });
    });
    const file = path.join(dir, 'app.log');
    if (before !== undefined) writeFileSync(file, before);
    const seen: string[] = [];
    const waiters: Array<{ text: string; resolve: () => void }> = [];
    await pushFileLines(file, {
      signal: controller.signal,
      fallbackIntervalMs,
      onLine: (line) => {
        seen.push(line);
        for (const waiter of waiters.filter((candidate) => candidate.text === line)) waiter.resolve();
      },
    });
    const arrival = (text: string) => new Promise<void>((resolve) => waiters.push({ text, resolve }));
    return { file, seen, arrival };
  }

  it('hands on the lines already there, then each appended line as the watcher reports it (no polling)', async () => {
    // A fallback read an hour away: only the file-system watcher can bring the new lines.
    const { file, seen, arrival } = await follow(3_600_000, 'one\ntwo\n');
    expect(seen).toEqual(['one', 'two']);
    const three = arrival('three');
    appendFileSync(file, 'thr');
    appendFileSync(file, 'ee\n');
    await three;
    const four = arrival('four');
    appendFileSync(file, 'four\n');
    await four;
    expect(seen).toEqual(['one', 'two', 'three', 'four']);
  });

  it('follows a file created after it started, one rotated (the old file read to its end first) and one truncated', async () => {
    const { file, seen, arrival } = await follow(3_600_000);
    expect(seen).toEqual([]);
    const first = arrival('first');
    writeFileSync(file, 'first\n');
    await first;
    const fresh = arrival('fresh');
    appendFileSync(file, 'last of old\n');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'fresh\n');
    await fresh;
    expect(seen).toEqual(['first', 'last of old', 'fresh']);
    // Shorter than what was read: a truncation is told by the size going back.
    const again = arrival('ok');
    truncateSync(file, 0);
    appendFileSync(file, 'ok\n');
    await again;
    expect(seen.at(-1)).toBe('ok');
  });
});
