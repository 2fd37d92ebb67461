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
 * under its own name. Resolves with its exit code (null when a signal ended it). Stopped with the
 * lab before it finished, it says so in one line; what it prints once stopped (a call cut short,
 * a server gone) is the stop's doing, not its failure, and is logged at debug level only.
 */
export function runOneShot(oneShot: OneShotFacts, options: RunOneShotOptions): Promise<number | null> {
  const child = spawn(process.execPath, [rtlabBin, '--cwd', options.cwd, '--no-color', ...oneShot.command], {
    cwd: options.cwd,
    env: { ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopped = false;
  const log = (level: 'info' | 'warn') => (line: string) =>
    stopped ? options.logger.debug(line) : options.logger[level](line);
  createInterface({ input: child.stdout }).on('line', log('info'));
  createInterface({ input: child.stderr }).on('line', log('warn'));
  const stop = () => {
    stopped = true;
    child.kill('SIGTERM');
  };
  options.signal.addEventListener('abort', stop, { once: true });
  return new Promise((resolve) => {
    child.once('error', (error) => {
      options.logger.error(`${oneShot.name} could not run: ${error.message}`);
      resolve(null);
    });
    child.once('close', (code) => {
      options.signal.removeEventListener('abort', stop);
      if (stopped) options.logger.info(`${oneShot.name} was stopped with the lab before it finished`);
      resolve(code);
    });
  });
}
