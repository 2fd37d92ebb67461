import { existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../../errors.js';

/**
 * `<RTLAB_HOME>/mongo.json`: the lab's shared embedded MongoDB. It is both the way services find
 * the engine (its URI, whatever port it got) and the lock that keeps a second engine off the same
 * data directory, whose journal two writers would corrupt.
 */
export interface EngineRecord {
  readonly pid: number;
  readonly dbPath: string;
  /** Set once the engine listens; a record without it is an engine still starting. */
  readonly uri?: string;
  readonly port?: number;
  readonly startedAt: string;
}

export function engineRecordPath(home: string): string {
  return path.join(home, 'mongo.json');
}

/** Whether a process with this pid exists and, where /proc tells, is an rtlab engine (pids are reused). */
export function isEngineProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    return readFileSync(cmdline, 'utf8').split('\0').includes('mongo');
  } catch {
    return false;
  }
}

function readEngineRecord(file: string): EngineRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as EngineRecord;
    return Number.isInteger(record.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The record, when the process it names is alive (a killed engine leaves its record behind). */
export function readLiveEngineRecord(home: string): EngineRecord | undefined {
  const record = readEngineRecord(engineRecordPath(home));
  return record !== undefined && isEngineProcess(record.pid) ? record : undefined;
}

/**
 * Takes the record for this process before the engine opens its data directory: created with
 * O_EXCL, so of two engines started together exactly one gets it. A live holder is an
 * environment error that says how to reach or stop it.
 */
export function claimEngineRecord(home: string, claim: { pid: number; dbPath: string }): void {
  mkdirSync(home, { recursive: true });
  const file = engineRecordPath(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, JSON.stringify({ ...claim, startedAt: new Date().toISOString() }));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLiveEngineRecord(home);
    if (holder !== undefined) throw engineAlreadyRunning(holder);
    removeStaleRecord(file);
  }
  throw new EnvironmentError(`Could not take ${file}: another engine keeps creating it.`, {
    hint: 'Run rtlab mongo stop, then try again.',
  });
}

/**
 * Moves a dead engine's record out of the way. Renamed rather than deleted: if another starter
 * replaced it with a live claim in the meantime, that claim is what was moved, and it goes back.
 */
function removeStaleRecord(file: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // Someone else removed it first.
  }
  const moved = readEngineRecord(aside);
  if (moved !== undefined && isEngineProcess(moved.pid)) renameSync(aside, file);
  else rmSync(aside, { force: true });
}

function engineAlreadyRunning(holder: EngineRecord): EnvironmentError {
  return new EnvironmentError(
    `The lab's embedded MongoDB already runs (pid ${holder.pid}${holder.uri === undefined ? ', starting' : `, ${holder.uri}`}) on ${holder.dbPath}.`,
    {
      hint: 'Services use it as it is; to restart it, run rtlab mongo stop first.',
    },
  );
}

/** Adds where the engine listens, atomically: readers see the old record or the whole new one. */
export function publishEngineRecord(home: string, record: EngineRecord): void {
  const file = engineRecordPath(home);
  writeFileSync(`${file}.tmp`, JSON.stringify(record));
  renameSync(`${file}.tmp`, file);
}

/** Removes the record if it is still this process's (a successor may hold it already). */
export function releaseEngineRecord(home: string, pid: number): void {
  const file = engineRecordPath(home);
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as EngineRecord).pid === pid) rmSync(file, { force: true });
  } catch {
    // Already gone.
  }
}
