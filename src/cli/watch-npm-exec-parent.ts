import { readFileSync } from 'node:fs';
import { readProcStatFields } from './read-proc-stat-fields.js';

/** How often npm is looked for: a stop within a second, as after Ctrl-C. */
const checkIntervalMs = 500;

/** A process as /proc knows it; the start time tells a reused pid apart from the process seen at start. */
interface ProcessIdentity {
  readonly pid: number;
  readonly startTime: string;
}

/**
 * `npx rtlab serve …` then `kill <pid of npm exec>`: npm does not forward SIGTERM, so the service
 * kept running and holding its port. Under `npm exec`/npx (npm sets npm_command=exec), rtlab
 * calls `onGone` (and stops as on Ctrl-C) once the npm process that started it is gone. Anywhere
 * else a parent's death is no reason to stop: `rtlab serve … &` from a shell that then exits
 * keeps running, as nohup users expect. Linux only (/proc); elsewhere nothing is watched.
 */
export function watchNpmExecParent(env: Readonly<Record<string, string | undefined>>, onGone: () => void): void {
  if (env['npm_command'] !== 'exec') return;
  const watched = findNpmAncestor();
  if (watched === undefined) return;
  const timer = setInterval(() => {
    if (readIdentity(watched.pid)?.startTime === watched.startTime) return;
    clearInterval(timer);
    onGone();
  }, checkIntervalMs);
  timer.unref();
}

/**
 * The npm process above rtlab: its parent, or above the shell npm runs the bin with
 * (`sh -c "rtlab serve …"`). Only shells are walked through, so that the test runner or
 * terminal further up is never taken for npm; and what is found must be npm itself, since
 * npm_command=exec is inherited: the shared MongoDB a service started under npx has that
 * service, not npm, as its parent, and must outlive it.
 */
function findNpmAncestor(): ProcessIdentity | undefined {
  let current = readIdentity(process.ppid);
  for (let level = 0; current !== undefined && level < 2 && isShell(readCommand(current.pid)); level++) {
    current = readIdentity(readParentPid(current.pid));
  }
  return current !== undefined && isNpm(readCommand(current.pid)) ? current : undefined;
}

/** npm titles its process `npm exec …` (npx too); an older npm shows its script, npm-cli.js or npx-cli.js. */
function isNpm(command: string): boolean {
  return /^(\S*\/)?(npm|npx)(\s|$)/.test(command) || /(^|\/)(npm|npx)-cli\.js(\s|$)/.test(command);
}

/** `/bin/sh -c …`, `bash -c …`: the shell between npm and the bin it runs. */
function isShell(command: string): boolean {
  return /^(\S*\/)?(sh|bash|dash|zsh)\s/.test(`${command} `);
}

/** Undefined when the process is gone, or is a zombie (dead, not yet reaped by its own parent). */
function readIdentity(pid: number | undefined): ProcessIdentity | undefined {
  if (pid === undefined || pid <= 1) return undefined;
  const fields = readProcStatFields(pid);
  if (fields === undefined || fields[0] === 'Z') return undefined;
  // Fields after the command: state is field 3, so the start time (field 22) is index 19 here.
  const startTime = fields[19];
  return startTime === undefined ? undefined : { pid, startTime };
}

function readParentPid(pid: number): number | undefined {
  const ppid = Number(readProcStatFields(pid)?.[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function readCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
