import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useChildProcesses } from './helpers/child-processes.js';
import { freePort } from './helpers/free-port.js';
import { startLabDatabase } from './helpers/lab-database.js';
import { startRtlab } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';
import { eventually, testSecret } from './helpers/webhook-lab.js';

/** `rtlab serve <service>`, once it listens, with everything it wrote to stderr from its start. */
async function serve(
  service: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = startRtlab(['serve', service], { cwd, env });
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', () => {
      if (/listening on port/.test(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`rtlab serve ${service} exited with ${code}: ${text}`)));
  });
  return { child, stderr: () => text };
}

const warningFor = (file: string) =>
  `rtlab: cannot write logs to ${file} (ENOSPC: no space left on device); dropping log lines until it can`;
const count = (text: string, part: string) => text.split(part).length - 1;

// Each service's log file is a link to Linux's /dev/full, which answers every write with ENOSPC:
// the full disk of the issue. Re-pointing the link at nothing (a real file gets created) is the room coming back.
describe.runIf(existsSync('/dev/full'))('rtlab serve with a log directory on a full disk', () => {
  const tempDir = useTempDir();
  const children = useChildProcesses();
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('the webhooks sender and receiver keep serving, warn once, and write their logs again when there is room', async () => {
    const cwd = tempDir();
    const logDir = path.join(cwd, '.rtlab', 'logs');
    mkdirSync(logDir, { recursive: true });
    const senderLog = path.join(logDir, 'webhooks-sender.log');
    const receiverLog = path.join(logDir, 'webhooks-receiver.log');
    symlinkSync('/dev/full', senderLog);
    symlinkSync('/dev/full', receiverLog);
    const database = await startLabDatabase();
    stops.push(() => database.stop());
    const env = {
      RECEIVER_PORT: String(await freePort()),
      SENDER_PORT: String(await freePort()),
      MONGO_URL: database.mongo.uri,
      WEBHOOK_SECRET: testSecret,
    };
    const { child: receiver, stderr: receiverStderr } = await serve('webhooks-receiver', cwd, env);
    children.push(receiver);
    const { child: sender, stderr: senderStderr } = await serve('webhooks-sender', cwd, env);
    children.push(sender);
    const senderUrl = `http://127.0.0.1:${env.SENDER_PORT}`;

    // The instance: 20 events, each logged by both sides, on a full disk.
    const sent = await fetch(`${senderUrl}/send?count=20`);
    expect(await sent.json()).toEqual({ status: 'sent', count: 20 });
    await eventually(
      () => receiverStderr(),
      (text) => count(text, 'Handling order.created event') >= 20,
      15_000,
    );
    const health = await fetch(`${senderUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${env.RECEIVER_PORT}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(sender.exitCode).toBeNull();
    expect(receiver.exitCode).toBeNull();

    // Room again: the next lines land in the files, after a line that says how many were lost.
    unlinkSync(senderLog);
    unlinkSync(receiverLog);
    expect(await (await fetch(`${senderUrl}/send?count=2`)).json()).toEqual({ status: 'sent', count: 2 });
    await eventually(
      () => (existsSync(receiverLog) ? readFileSync(receiverLog, 'utf8') : ''),
      (text) => count(text, 'Handling order.created event') >= 2,
      15_000,
    );
    const firstLine = JSON.parse(readFileSync(receiverLog, 'utf8').split('\n')[0]!) as {
      level: string;
      message: string;
      dropped: number;
    };
    expect(firstLine).toMatchObject({
      level: 'warn',
      message: 'Dropped ' + String(firstLine.dropped) + ' log line(s) while this file could not be written',
    });
    expect(firstLine.dropped).toBeGreaterThanOrEqual(20);
    await eventually(
      () => senderStderr(),
      (text) => text.includes(`rtlab: writing logs to ${senderLog} again;`),
      15_000,
    );
    await eventually(
      () => receiverStderr(),
      (text) => text.includes(`rtlab: writing logs to ${receiverLog} again;`),
      15_000,
    );
    // Said once per outage, not once per line.
    expect(count(senderStderr(), warningFor(senderLog))).toBe(1);
    expect(count(receiverStderr(), warningFor(receiverLog))).toBe(1);
    expect(readFileSync(senderLog, 'utf8')).toMatch(
      /"message":"Dropped \d+ log line\(s\) while this file could not be written"/,
    );
  }, 60_000); // two services and a database on a busy 2-core machine
});
