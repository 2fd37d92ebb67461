import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';
import { rtlabBin } from './helpers/run-rtlab.js';
import { useTempDir } from './helpers/temp-dir.js';

/**
 * A real parent process in place of npm: it starts `rtlab serve ws-client` (a service without
 * MongoDB), prints the child's pid, and stays until it is killed, as `npm exec` does. `title`:
 * what it shows in /proc as its command (npm titles itself `npm exec …`).
 */
function startParent(
  cwd: string,
  env: Record<string, string>,
  title?: string,
): { parent: ChildProcess; rtlabPid: Promise<number> } {
  const script = `
    ${title === undefined ? '' : `process.title = ${JSON.stringify(title)};`}
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, [${JSON.stringify(rtlabBin)}, 'serve', 'ws-client'], { stdio: 'ignore' });
    console.log(child.pid);
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['-e', script], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rtlabPid = new Promise<number>((resolve) =>
    parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  return { parent, rtlabPid };
}

/** Alive and not a zombie (an orphan that exited waits for init to reap it). */
function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls for something that must happen; the test's timeout bounds it. */
async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

async function answers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
}

describe('rtlab under npm exec stops when npm is killed; elsewhere it outlives its parent', () => {
  const tempDir = useTempDir();
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGTERM');
  });

  it('SIGTERM to the npm exec parent stops rtlab serve and frees its port; without npm exec, or under a parent that is not npm, it keeps serving', async () => {
    const npmPort = await freePort();
    const shellPort = await freePort();
    const servicePort = await freePort();
    const underNpm = startParent(
      tempDir(),
      { WEB_PORT: String(npmPort), npm_command: 'exec' },
      'npm exec rtlab serve ws-client',
    );
    const underShell = startParent(tempDir(), { WEB_PORT: String(shellPort) });
    // npm_command=exec is inherited: the shared MongoDB a service started under npx has that service as its parent.
    const underService = startParent(tempDir(), { WEB_PORT: String(servicePort), npm_command: 'exec' });
    const [npmRtlab, shellRtlab, serviceRtlab] = await Promise.all([
      underNpm.rtlabPid,
      underShell.rtlabPid,
      underService.rtlabPid,
    ]);
    started.push(npmRtlab, shellRtlab, serviceRtlab);
    await eventually(
      async () => (await answers(npmPort)) && (await answers(shellPort)) && (await answers(servicePort)),
    );

    // Both parents die the same way at the same time; only the one under npm exec takes rtlab with it.
    underNpm.parent.kill('SIGTERM');
    underShell.parent.kill('SIGTERM');
    underService.parent.kill('SIGTERM');
    await eventually(() => !isRunning(npmRtlab));
    expect(await answers(npmPort)).toBe(false);
    // Stopped or not, the two saw their parents die at the same moment: the other keeps serving.
    expect(isRunning(shellRtlab)).toBe(true);
    expect(await answers(shellPort)).toBe(true);
    // Its parent was not npm, whatever the environment says.
    expect(isRunning(serviceRtlab)).toBe(true);
    expect(await answers(servicePort)).toBe(true);
  }, 60_000);
});
