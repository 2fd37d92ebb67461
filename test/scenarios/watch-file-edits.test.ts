import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchFileEdits, type FileEdits } from '../../src/cli/scenario/watch-file-edits.js';
import { useTempDir } from '../helpers/temp-dir.js';

describe('watchFileEdits (rtlab scenario --watch)', () => {
  const tempDir = useTempDir('rtlab-watch-');
  const watchers: FileEdits[] = [];
  afterEach(() => watchers.splice(0).forEach((edits) => edits.close()));

  function scratchFile(text: string): { file: string; edits: () => FileEdits } {
    const file = path.join(tempDir(), 'lab.yaml');
    writeFileSync(file, text);
    return {
      file,
      edits: () => {
        const edits = watchFileEdits(file);
        watchers.push(edits);
        return edits;
      },
    };
  }

  it('returns a save made before anyone waited, even before the watcher opened (no event at all)', async () => {
    const { file, edits } = scratchFile('a: 1\n');
    writeFileSync(file, 'a: 2\n');
    expect(await edits().next('a: 1\n', new AbortController().signal)).toBe('a: 2\n');
  });

  it('returns a save made between two waits (while a run or a report was under way)', async () => {
    const { file, edits } = scratchFile('a: 1\n');
    const watcher = edits();
    const first = watcher.next('a: 1\n', new AbortController().signal);
    writeFileSync(file, 'a: 2\n');
    expect(await first).toBe('a: 2\n');
    writeFileSync(file, 'a: 3\n');
    expect(await watcher.next('a: 2\n', new AbortController().signal)).toBe('a: 3\n');
  });

  it('follows an editor that saves by renaming a new file over the old one', async () => {
    const { file, edits } = scratchFile('a: 1\n');
    const next = edits().next('a: 1\n', new AbortController().signal);
    writeFileSync(`${file}.tmp`, 'a: 2\n');
    renameSync(`${file}.tmp`, file);
    expect(await next).toBe('a: 2\n');
  });

  it('gives undefined when the wait is aborted (Ctrl-C)', async () => {
    const { edits } = scratchFile('a: 1\n');
    const abort = new AbortController();
    const next = edits().next('a: 1\n', abort.signal);
    abort.abort();
    expect(await next).toBeUndefined();
  });
});
