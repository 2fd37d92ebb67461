import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createFileLogSource, listLoggedServices, watchLogFolder } from './file-log-source.js';
import type { LogEntry } from './log-entry.js';
import { tailLogs } from './tail-logs.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

it("follows a service's log file created while following, as soon as the folder tells of it", async () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'rtlab-tail-'));
  folders.push(logDir);
  writeFileSync(path.join(logDir, 'mongo.log'), line('mongo', 'MongoDB-compatible server listening'));
  const stop = new AbortController();
  const seen: LogEntry[] = [];
  let arrived: () => void = () => undefined;
  const receiverLine = new Promise<void>((resolve) => (arrived = resolve));
  const following = tailLogs({
    sources: [],
    discoverSources: async () => (await listLoggedServices(logDir)).map((s) => createFileLogSource(logDir, s)),
    watchSources: (changed, signal) => watchLogFolder(logDir, changed, signal),
    // Far beyond the test's timeout: only the folder's own news can bring the new file in time.
    lookEveryMs: 600_000,
    filter: {},
    follow: true,
    signal: stop.signal,
    onEntry: (entry) => {
      seen.push(entry);
      if (entry.service === 'webhooks-receiver') arrived();
    },
  });
  await expect.poll(() => seen.length).toBe(1);

  writeFileSync(path.join(logDir, 'webhooks-receiver.log'), line('webhooks-receiver', 'Webhook receiver listening'));
  await receiverLine;
  stop.abort();
  await following;
  expect(seen.map((entry) => entry.message)).toEqual([
    'MongoDB-compatible server listening',
    'Webhook receiver listening',
  ]);
});

function line(service: string, message: string): string {
  return `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', service, message })}\n`;
}

it('leaves out what is not a regular file: a FIFO named x.log would block the reader, Ctrl-C included', async () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'rtlab-tail-'));
  folders.push(logDir);
  writeFileSync(path.join(logDir, 'mongo.log'), '');
  execFileSync('mkfifo', [path.join(logDir, 'pipe.log')]);
  mkdirSync(path.join(logDir, 'folder.log'));
  expect(await listLoggedServices(logDir)).toEqual(['mongo']);
});
