import { spawn } from 'node:child_process';

export interface TimedRun {
  readonly code: number | null;
  readonly elapsedMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A whole process, from spawn to exit, timed on the wall clock: what a user waits for when
 * typing the command. Aborted (Ctrl-C), the process gets SIGTERM (an `rtlab up -d` then stops
 * the lab it was starting) and the run still resolves once it has exited.
 */
export function runTimed(
  args: readonly string[],
  options: { cwd: string; env: Readonly<Record<string, string | undefined>>; signal: AbortSignal },
): Promise<TimedRun> {
  const since = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () => child.kill('SIGTERM');
  options.signal.addEventListener('abort', stop, { once: true });
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      options.signal.removeEventListener('abort', stop);
      reject(error);
    });
    child.once('close', (code) => {
      options.signal.removeEventListener('abort', stop);
      resolve({ code, elapsedMs: performance.now() - since, stdout, stderr });
    });
  });
}
