import { spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../package-root.js';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { CliAction } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';
import { shellWatchdogProgram } from './shell-watchdog.js';

const maxOutputBytes = 1024 * 1024;

/**
 * Runs an rtlab command (this package's own, in the lab's folder and pointed at its ports) or a
 * shell command; the result is its exit code and output, and the output parsed when it is JSON.
 */
export function runCli(action: CliAction, lab: ScenarioLab, signal: AbortSignal): Promise<ActionResult> {
  const [command, args] =
    action.args !== undefined
      ? [process.execPath, [path.join(packageRoot, 'bin', 'rtlab.js'), '--cwd', lab.cwd, ...action.args]]
      : ['/bin/sh', ['-c', action.shell ?? '']];
  return new Promise((resolve, reject) => {
    // Under a watchdog that runs it in its own process group: a step's timeout or Ctrl-C ends the
    // command and whatever it started (`sleep 300; …` left its sleep running when only the shell
    // was signalled), and so does the scenario process's death, even by kill -9 (see shell-watchdog.ts).
    const child = spawn(process.execPath, ['-e', shellWatchdogProgram, JSON.stringify([command, ...args])], {
      cwd: lab.cwd,
      env: { ...lab.cliEnv, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Closing the watchdog's stdin is what makes it kill the command's group.
    const killGroup = () => child.stdin.destroy();
    child.stdin.on('error', () => {
      // The watchdog already exited: nothing left to stop.
    });
    if (signal.aborted) killGroup();
    else signal.addEventListener('abort', killGroup, { once: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < maxOutputBytes) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < maxOutputBytes) stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, killedBy) => {
      signal.removeEventListener('abort', killGroup);
      if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ exitCode: code ?? (killedBy === null ? -1 : 128), stdout, stderr, json });
    });
  });
}
