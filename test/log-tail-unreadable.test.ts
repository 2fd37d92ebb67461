import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogSource } from '../src/log/file-log-source.js';
import type { LogEntry } from '../src/log/log-entry.js';
import { tailLogs } from '../src/log/tail-logs.js';
import { useTempDir } from './helpers/temp-dir.js';
import { eventually } from './helpers/webhook-lab.js';

const line = (service: string, message: string) =>
  JSON.stringify({ timestamp: '2026-01-01T00:00:00.000Z', level: 'info', service, message });

describe('tailLogs with a log file that cannot be read', () => {
  const tempDir = useTempDir();

  /** `broken.log` is a directory: opening it works, every read answers EISDIR. */
  function logDir(): string {
    const dir = path.join(tempDir(), 'logs');
    mkdirSync(path.join(dir, 'broken.log'), { recursive: true });
    writeFileSync(path.join(dir, 'good.log'), `${line('good', 'still shown')}\n`);
    return dir;
  }

  it.each([false, true])('shows the other services, and says once which one it skips (follow: %s)', async (follow) => {
    const dir = logDir();
    const entries: LogEntry[] = [];
    const problems: string[] = [];
    const controller = new AbortController();
    const tailing = tailLogs({
      sources: ['broken', 'good'].map((service) => createFileLogSource(dir, service)),
      filter: {},
      follow,
      signal: controller.signal,
      onEntry: (entry) => entries.push(entry),
      onSourceError: (message) => problems.push(message),
    });
    await eventually(
      () => entries.length,
      (count) => count >= 1,
    );
    controller.abort();
    await expect(tailing).resolves.toBeUndefined();
    expect(entries.map((entry) => `${entry.service}: ${entry.message}`)).toEqual(['good: still shown']);
    expect(problems).toEqual([
      'rtlab: cannot read the logs of broken (EISDIR: illegal operation on a directory); skipping them',
    ]);
  });
});
