import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors.js';

export interface SpawnedRtlab<T> {
  /** What the ready check extracted from the output (a URI, a port). */
  readonly value: T;
  readonly pid: number | undefined;
  /** SIGTERM, then resolves once the process has exited. */
  stop(): Promise<void>;
  /** Sends a signal (SIGKILL for a crash) and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const rtlabBin = fileURLToPath(new URL('../../bin/rtlab.js', import.meta.url));

/**
 * Runs an rtlab command in a process of its own and waits until its output (stdout and stderr
 * together) satisfies `ready`, which extracts the value the caller needs.
 */
export async function spawnRtlab<T>(
  args: readonly string[],
  options: {
    cwd: string;
    env: Readonly<Record<string, string | undefined>>;
    ready: (output: string) => T | undefined;
    timeoutMs?: number;
    /** Aborted (Ctrl-C) while the child starts: it is stopped, and the start rejects with the signal's reason. */
    signal?: AbortSignal;
  },
): Promise<SpawnedRtlab<T>> {
  options.signal?.throwIfAborted();
  const child = spawn(process.execPath, [rtlabBin, ...args], {
    cwd: options.cwd,
    env: { ...options.env },
    // The IPC channel is how the child knows this process is gone, even after a kill -9 that
    // leaves nobody to signal it: it stops then (see watchParentChannel in the child's main).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  }) as ChildProcessByStdio<null, Readable, Readable>;
  // Nothing is sent over it: it must not keep this process alive.
  child.channel?.unref();
  let output = '';
  const value = await new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(options.signal?.reason);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      options.signal?.removeEventListener('abort', onAbort);
      // Nobody will stop a child whose start failed: it must not outlive the caller.
      child.kill('SIGKILL');
      reject(
        new EnvironmentError(
          `rtlab ${args.join(' ')} was not ready within ${options.timeoutMs ?? 15_000} ms: ${
            output.trim() === ''
              ? 'it printed nothing (a very busy machine starts slowly)'
              : `it printed: ${output.slice(-500)}`
          }`,
          { hint: `Run rtlab ${args.join(' ')} alone to see why, or rtlab doctor.` },
        ),
      );
    }, options.timeoutMs ?? 15_000);
    const onData = (chunk: Buffer) => {
      // Keep only a tail: a busy service would otherwise grow this without bound.
      output = (output + chunk.toString()).slice(-20_000);
      const found = options.ready(output);
      if (found !== undefined) {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        // From here on the output is not needed: keep the pipes flowing without reading them.
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve(found);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        new EnvironmentError(
          `rtlab ${args.join(' ')} ${code === null ? `was stopped by ${signal}` : `exited with ${code}`} before it was ready: ${output.slice(-500)}`,
          {
            hint: `Run rtlab ${args.join(' ')} alone to see why, or rtlab doctor.`,
          },
        ),
      );
    });
  });
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { value, pid: child.pid, stop: () => kill('SIGTERM'), kill };
}
