import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { LabRuntimeName } from '../lab-runtime.js';

/** One running part of a recorded lab: what `status` checks and what the other commands reach. */
export interface LabStatePart {
  readonly name: string;
  /** A service's base URL; MongoDB's connection string (credentials removed). */
  readonly url: string;
  readonly port: number | undefined;
}

/**
 * `<RTLAB_HOME>/state.json`: the running lab, so that `status`, `down` and a second `up` find it
 * from any terminal. Written when the lab starts (`starting`, which also keeps a second lab from
 * starting on the same folder) and again once every service is ready; removed on a clean stop.
 */
export interface LabState {
  readonly runtime: LabRuntimeName;
  /** The process that runs the lab: the one `rtlab down` stops. */
  readonly pid: number;
  readonly status: 'starting' | 'ready';
  readonly startedAt: string;
  readonly readyAt?: string;
  readonly cwd: string;
  /** The RTLAB_HOME it was written in: a record found elsewhere (a copied folder) is not this lab's. */
  readonly home?: string;
  readonly profiles: readonly string[];
  /** MongoDB's connection string as the services use it (credentials included: the folder is the lab's own). */
  readonly mongoUrl?: string;
  /** The shared embedded engine the lab started, which stops with it (a stale lab's is stopped by `down`). */
  readonly startedEnginePid?: number;
  /** MongoDB first, then the services in start order. */
  readonly parts: readonly LabStatePart[];
  readonly logDir: string;
}

export function labStatePath(home: string): string {
  return path.join(home, 'state.json');
}

/** The recorded lab, or undefined when there is none (or the file is not one rtlab wrote). */
export function readLabState(home: string): LabState | undefined {
  try {
    const state = JSON.parse(readFileSync(labStatePath(home), 'utf8')) as LabState;
    return Number.isInteger(state.pid) && Array.isArray(state.parts) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the record atomically (write, then rename): a reader sees the old one or the whole new one. */
export function writeLabState(home: string, state: LabState): void {
  const file = labStatePath(home);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

/**
 * Creates the record only if there is none: written aside, then hard-linked into place, which
 * fails when the file exists. Of two labs started together in one folder exactly one gets it,
 * and no reader ever sees a half-written record. False when a record is already there.
 */
export function createLabState(home: string, state: LabState): boolean {
  mkdirSync(home, { recursive: true });
  const file = labStatePath(home);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Removes the record if it is still this lab's (a lab started since owns it otherwise). */
export function removeLabState(home: string, pid: number): void {
  if (readLabState(home)?.pid === pid) rmSync(labStatePath(home), { force: true });
}

/**
 * Whether the recorded pid is still a running `rtlab up` (or `rtlab scenario`, which records the lab it starts) in the recorded folder (pids are reused: a
 * live process that is not rtlab's lab there means the lab is gone). A zombie counts as gone.
 */
export function isLabProcess(pid: number, cwd: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    // A process in another folder is another folder's lab, or no lab at all (`docker compose … up`).
    return (
      (args.includes('up') || args.includes('scenario')) &&
      args.some((arg) => /rtlab/.test(arg)) &&
      realpathSync(`/proc/${pid}/cwd`) === realpathSync(cwd)
    );
  } catch {
    // No /proc (another OS): the signal said it is alive.
    return existsSync('/proc') ? false : true;
  }
}
