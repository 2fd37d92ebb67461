import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const rtlabBin = fileURLToPath(new URL('../../bin/rtlab.js', import.meta.url));

export interface RtlabRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI as a user would, in `cwd`, with a clean environment plus `env`: the tests
 * never see the developer's own .env or colour settings. `killAfterMs`: a command expected to
 * exit at once (a refused flag) is killed if it is still running then, so that a regression
 * fails on its exit code instead of leaving a server behind.
 */
export function runRtlab(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; killAfterMs?: number },
): Promise<RtlabRun> {
  return new Promise((resolve, reject) => {
    const child = startRtlab(args, options);
    if (options.killAfterMs !== undefined) {
      const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
      child.once('exit', () => clearTimeout(timer));
    }
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function startRtlab(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): ChildProcess {
  return spawn(process.execPath, [rtlabBin, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
