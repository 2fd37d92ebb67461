import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError, ExitCode, RtlabError, type ExitCodeValue } from '../../errors.js';
import type { LabState } from '../lab-state/lab-state.js';
import { isDetachedLabMessage } from './detached-lab-message.js';
import type { OnLabProgress } from './lab-progress.js';

const rtlabBin = fileURLToPath(new URL('../../../bin/rtlab.js', import.meta.url));

export interface StartDetachedLabOptions {
  readonly cwd: string;
  readonly home: string;
  /** The `rtlab` arguments of the lab process (`up --profile … --lab-child`). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onProgress: OnLabProgress;
  /** Ctrl-C while waiting: the background lab is stopped (it stops what it had started). */
  readonly signal: AbortSignal;
}

/**
 * Starts the lab as a background process of its own (detached: a new session, its output in
 * `<RTLAB_HOME>/logs/lab.out`) and waits until it says every service is ready, passing its
 * progress on. A lab that fails to start exits after stopping what it had started; its error is
 * then this one's, with its exit code. Once ready, the lab is let go: it outlives this process.
 */
export async function startDetachedLab(options: StartDetachedLabOptions): Promise<LabState> {
  const logDir = path.join(options.home, 'logs');
  mkdirSync(logDir, { recursive: true });
  const outputFile = path.join(logDir, 'lab.out');
  const output = openSync(outputFile, 'a');
  const offset = statSync(outputFile).size;
  const child = spawn(process.execPath, [rtlabBin, '--cwd', options.cwd, ...options.args], {
    cwd: options.cwd,
    env: { ...options.env },
    detached: true,
    stdio: ['ignore', output, output, 'ipc'],
  });
  closeSync(output);
  const stopChild = () => child.kill('SIGTERM');
  options.signal.addEventListener('abort', stopChild, { once: true });
  try {
    return await new Promise<LabState>((resolve, reject) => {
      let failure: RtlabError | undefined;
      child.on('message', (message: unknown) => {
        if (!isDetachedLabMessage(message)) return;
        if (message.type === 'progress') options.onProgress(message.progress);
        else if (message.type === 'ready') resolve(message.state);
        else
          failure = new RtlabError(message.message, {
            hint: message.hint,
            exitCode: message.exitCode as ExitCodeValue,
          });
      });
      child.once('error', (error) => reject(new EnvironmentError(`Could not start the lab: ${error.message}`)));
      child.once('exit', (code, signal) => {
        if (options.signal.aborted) reject(interrupted());
        else reject(failure ?? exitedWithoutSaying(code ?? signal, readSince(outputFile, offset), outputFile));
      });
    });
  } finally {
    options.signal.removeEventListener('abort', stopChild);
    if (child.connected) child.disconnect();
    child.unref();
  }
}

function interrupted(): RtlabError {
  return new RtlabError('Interrupted while the lab was starting; it stopped what it had started.', {
    exitCode: ExitCode.interrupted,
  });
}

/** A crash before it could say why (a bug, a kill): what it printed is all there is. */
function exitedWithoutSaying(how: number | string | null, printed: string, outputFile: string): EnvironmentError {
  const tail = printed.trim().split('\n').slice(-20).join('\n');
  return new EnvironmentError(
    `The lab exited (${how}) before it was ready${tail === '' ? ', and printed nothing.' : `:\n${tail}`}`,
    { hint: `See ${outputFile}; rtlab up --no-ui runs the lab in the foreground.` },
  );
}

function readSince(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}
