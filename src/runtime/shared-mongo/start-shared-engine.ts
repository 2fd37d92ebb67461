import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../../errors.js';
import { readLiveEngineRecord, type EngineRecord } from './engine-record.js';

const rtlabBin = fileURLToPath(new URL('../../../bin/rtlab.js', import.meta.url));
/**
 * The engine loads its whole data directory before it listens: a lab's 75 MB took 20 s on a loaded
 * laptop. A lab must start on its own data, so the wait is long; a failure still says why.
 */
const startTimeoutMs = 60_000;
const raceGraceMs = 3000;

/** How an engine this process started ended: its exit code, or the signal that ended it. */
export interface EngineExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * The ends of the engines this process started, by pid: only a parent learns how its child ended
 * (exit code or signal), and the lab's supervisor, which did not spawn it itself, reports it.
 * A process starts a handful of engines at most, so none is forgotten.
 */
const engineExits = new Map<number, Promise<EngineExit>>();

/** Resolves when the engine this process started with that pid exits; undefined for any other pid. */
export function startedEngineExit(pid: number): Promise<EngineExit> | undefined {
  return engineExits.get(pid);
}

/**
 * Starts the lab's embedded MongoDB as a process of its own (`rtlab mongo serve`), detached, so
 * that it outlives the service that needed it: stopping that service must not take the database
 * away from the others. Resolves with the engine's record once it listens — its own, or that of
 * an engine another service started at the same moment.
 */
export async function startSharedEngine(config: {
  readonly home: string;
  readonly cwd: string;
  readonly port: number;
  /** Ctrl-C while it starts: the engine is stopped again, and the start fails with the signal's reason. */
  readonly signal?: AbortSignal;
}): Promise<EngineRecord & { uri: string; startedHere: boolean }> {
  config.signal?.throwIfAborted();
  const logDir = path.join(config.home, 'logs');
  mkdirSync(logDir, { recursive: true });
  // Its console output goes to a file, not a pipe: a pipe would break when this process exits.
  const outputFile = path.join(logDir, 'mongo-engine.out');
  const output = openSync(outputFile, 'a');
  // The file keeps earlier runs' output: a failure quotes only what this engine printed.
  const offset = fstatSync(output).size;
  const child = spawn(
    process.execPath,
    [rtlabBin, '--cwd', config.cwd, 'mongo', 'serve', '--port', String(config.port)],
    { detached: true, stdio: ['ignore', output, output] },
  );
  closeSync(output);
  let exitCode: number | null | undefined;
  const deadline = { at: Date.now() + startTimeoutMs };
  const exited = (code: number | null) => {
    exitCode = code;
    // If it lost a race to an engine started at the same moment, that one's record appears shortly.
    deadline.at = Math.min(deadline.at, Date.now() + raceGraceMs);
  };
  child.once('exit', exited);
  child.once('error', () => exited(-1));
  if (child.pid !== undefined)
    engineExits.set(
      child.pid,
      new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    );
  child.unref();
  // Detached, it would outlive an interrupted start: stopped here, the way `rtlab mongo stop` does.
  const abandon = () => {
    deadline.at = 0;
    child.kill('SIGTERM');
  };
  config.signal?.addEventListener('abort', abandon, { once: true });

  const record = await waitForEngineUri(config.home, deadline).finally(() =>
    config.signal?.removeEventListener('abort', abandon),
  );
  if (config.signal?.aborted === true) {
    for (let i = 0; i < 200 && exitCode === undefined; i++) await sleep(25);
    throw config.signal.reason;
  }
  if (record !== undefined) return { ...record, startedHere: record.pid === child.pid };
  // Reported as not started, it must not come up later with nobody to stop it (a slow, busy machine).
  if (exitCode === undefined) child.kill('SIGKILL');
  const tail = toQuotedLines(readFileSync(outputFile).subarray(offset).toString('utf8'));
  // Not even a line of output: what a full disk under RTLAB_HOME does to it.
  const said = tail === '' ? `no output (is the disk under ${config.home} full? df -h shows it)` : tail;
  throw new EnvironmentError(
    `The embedded MongoDB did not start${exitCode === undefined ? ` within ${startTimeoutMs / 1000} s` : ` (exit ${exitCode})`}: ${said}`,
    {
      hint: `See ${outputFile} and ${path.join(logDir, 'mongo.log')}; rtlab mongo serve runs it in the foreground.`,
    },
  );
}

/**
 * What to quote of the engine's output: from its last `✗` line (rtlab's own words, then the stack
 * of a crash) when it has one, else its last lines; five at most.
 */
function toQuotedLines(output: string): string {
  const lines = output.trim().split('\n');
  const said = lines.findLastIndex((line) => line.startsWith('✗'));
  return (said === -1 ? lines.slice(-5) : lines.slice(said, said + 5)).join('\n');
}

/** Polls the record until the engine it names listens; undefined once `deadline.at` has passed. */
export async function waitForEngineUri(
  home: string,
  deadline = { at: Date.now() + startTimeoutMs },
): Promise<(EngineRecord & { uri: string }) | undefined> {
  while (Date.now() < deadline.at) {
    const record = readLiveEngineRecord(home);
    if (record?.uri !== undefined) return { ...record, uri: record.uri };
    await sleep(50);
  }
  return undefined;
}
