import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followFile, type FollowItem } from './follow-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtlab-follow-'));
  dirs.push(dir);
  return path.join(dir, 'svc.log');
}

/** Collects lines from followFile until `count` arrived, running `actions` once caught up. */
async function collect(file: string, count: number, actions: () => void): Promise<string[]> {
  const controller = new AbortController();
  const lines: string[] = [];
  const timeout = setTimeout(() => controller.abort(), 5000);
  for await (const item of followFile(file, {
    signal: controller.signal,
    intervalMs: 10,
  }) as AsyncIterable<FollowItem>) {
    if (item.type === 'caught-up') actions();
    else lines.push(item.line);
    if (lines.length >= count) controller.abort();
  }
  clearTimeout(timeout);
  return lines;
}

describe('followFile', () => {
  it('reads the history, then lines appended later, including a line written in two parts', async () => {
    const file = tempFile();
    writeFileSync(file, 'one\ntwo\n');
    const lines = await collect(file, 4, () => {
      appendFileSync(file, 'thr');
      setTimeout(() => appendFileSync(file, 'ee\nfour\n'), 30);
    });
    expect(lines).toEqual(['one', 'two', 'three', 'four']);
  });

  it('survives rotation: the old file is read to its end, then the new one from its start', async () => {
    const file = tempFile();
    writeFileSync(file, 'a\n');
    const lines = await collect(file, 4, () => {
      appendFileSync(file, 'b\n');
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'c\nd\n');
    });
    expect(lines).toEqual(['a', 'b', 'c', 'd']);
  });

  it('survives truncation by reading again from the start', async () => {
    const file = tempFile();
    writeFileSync(file, 'a long first line\n');
    const lines = await collect(file, 2, () => {
      setTimeout(() => writeFileSync(file, 'x\n'), 30);
    });
    expect(lines).toEqual(['a long first line', 'x']);
  });

  it('waits for a file that does not exist yet', async () => {
    const file = tempFile();
    const lines = await collect(file, 1, () => {
      setTimeout(() => writeFileSync(file, 'hello\n'), 30);
    });
    expect(lines).toEqual(['hello']);
  });

  it('keeps multi-byte characters whole across reads', async () => {
    const file = tempFile();
    const text = `${'ñ'.repeat(40_000)}\n`;
    writeFileSync(file, text);
    const lines = await collect(file, 1, () => undefined);
    expect(lines).toEqual([text.trimEnd()]);
  });
});
