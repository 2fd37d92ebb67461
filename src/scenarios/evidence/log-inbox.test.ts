import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogInbox, type TimedLogEntry } from './log-inbox.js';

const line = (message: string, at: number) =>
  `${JSON.stringify({ timestamp: new Date(at).toISOString(), level: 'info', message })}\n`;

describe('LogInbox', () => {
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  it('hands a subscriber only lines stamped since it began, also those of an earlier step read after it began', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rtlab-log-inbox-'));
    const controller = new AbortController();
    stops.push(() => {
      controller.abort();
      rmSync(dir, { recursive: true, force: true });
    });
    const file = path.join(dir, 'webhooks-receiver.log');
    writeFileSync(file, '');
    const runStart = Date.now();
    const inbox = new LogInbox(dir, runStart - 60_000, controller.signal);
    await inbox.follow('webhooks-receiver');

    const stepStart = runStart + 10_000;
    const seen: TimedLogEntry[] = [];
    const arrived = new Promise<void>((resolve) =>
      inbox.subscribe('webhooks-receiver', stepStart, (timed) => {
        seen.push(timed);
        if (timed.entry.message === 'this step') resolve();
      }),
    );
    // Written by the step before this one, but read only now (the file is polled).
    appendFileSync(file, line('the step before', stepStart - 19));
    appendFileSync(file, line('this step', stepStart + 5));
    await arrived;
    expect(seen.map((timed) => timed.entry.message)).toEqual(['this step']);
  });
});
