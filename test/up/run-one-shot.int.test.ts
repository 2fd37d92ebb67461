import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log/log-entry.js';
import { runOneShot } from '../../src/runtime/embedded/run-one-shot.js';

type Entry = { level: 'error' | 'warn' | 'info' | 'debug'; message: string };

function recordingLogger(entries: Entry[], onEntry: () => void): Logger {
  const at = (level: Entry['level']) => (message: string) => {
    entries.push({ level, message });
    onEntry();
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

describe('runOneShot', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('stopped with the lab before it finished, says so plainly and logs what it printed once stopped at debug level only', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'rtlab-one-shot-'));
    folders.push(cwd);
    const entries: Entry[] = [];
    let started: () => void = () => undefined;
    const printedSomething = new Promise<void>((resolve) => (started = resolve));
    const controller = new AbortController();
    // A part that would run until stopped (an engine that serves), standing for a one-shot caught mid-call.
    const exit = runOneShot(
      {
        name: 'slow-one-shot',
        profile: 'grpc',
        command: ['mongo', 'serve', '--port', '0', '--no-persist'],
        after: [],
      },
      {
        cwd,
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], RTLAB_HOME: path.join(cwd, '.rtlab') },
        logger: recordingLogger(entries, () => started()),
        signal: controller.signal,
      },
    );
    await printedSomething;
    const beforeStop = entries.length;
    controller.abort(new Error('the lab stops'));
    await exit;
    const afterStop = entries.slice(beforeStop);
    // What the part printed as it went down (its server stopped) is the stop's doing: debug only.
    expect(afterStop.filter((entry) => entry.level === 'debug').length).toBeGreaterThan(0);
    expect(afterStop.filter((entry) => entry.level === 'warn' || entry.level === 'error')).toEqual([]);
    expect(afterStop.at(-1)).toEqual({
      level: 'info',
      message: 'slow-one-shot was stopped with the lab before it finished',
    });
  }, 120_000);
});
