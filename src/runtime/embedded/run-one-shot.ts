import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../log/log-entry.js';
import type { OneShotFacts } from '../../services/registry/service-definition.js';

const rtlabBin = fileURLToPath(new URL('../../../bin/rtlab.js', import.meta.url));

export interface RunOneShotOptions {
  /** The lab's folder: the one-shot reads the same `.env`. */
  readonly cwd: string;
  /** The environment it runs with: the lab's, with the ports the lab really uses. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Its output lines become its log lines (the seed's `Order created via CLI: {...}`). */
  readonly logger: Logger;
  /** Stopping the lab stops a one-shot still running. */
  readonly signal: AbortSignal;
}

/**
 * Runs a one-shot part of the lab (`rtlab grpc create-order` for the seed's grpc-client) as a
 * child process, as its container would: its stdout is logged as info and its stderr as warn,
 * under its own name. Resolves with its exit code (null when a signal ended it).
 */
export function runOneShot(oneShot: OneShotFacts, options: RunOneShotOptions): Promise<number | null> {
  const child = spawn(process.execPath, [rtlabBin, '--cwd', options.cwd, '--no-color', ...oneShot.command], {
    cwd: options.cwd,
    env: { ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => options.logger.info(line));
  createInterface({ input: child.stderr }).on('line', (line) => options.logger.warn(line));
  const stop = () => child.kill('SIGTERM');
  options.signal.addEventListener('abort', stop, { once: true });
  return new Promise((resolve) => {
    child.once('error', (error) => {
      options.logger.error(`${oneShot.name} could not run: ${error.message}`);
      resolve(null);
    });
    child.once('close', (code) => {
      options.signal.removeEventListener('abort', stop);
      resolve(code);
    });
  });
}
