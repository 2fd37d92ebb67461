import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readProcStatFields } from '../../src/cli/read-proc-stat-fields.js';
import { rtlabBin } from './run-rtlab.js';

/**
 * The built CLI as a terminal runs it: the leader of a process group of its own, so that
 * `signalGroup` is what Ctrl-C does (SIGINT to every process of the foreground group, children
 * included), and `livingMembers` finds every process it started, whoever their parent is now.
 */
export function startRtlabGroupLeader(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): ChildProcess & { readonly pid: number } {
  const child = spawn(process.execPath, [rtlabBin, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start rtlab ${args.join(' ')}`);
  return child as ChildProcess & { readonly pid: number };
}

/** Ctrl-C at a terminal: the signal goes to the whole group. */
export function signalGroup(leader: number, signal: NodeJS.Signals): void {
  process.kill(-leader, signal);
}

/** Pids of the group's processes that still run (a zombie has exited: it waits only to be reaped). */
export function livingMembers(group: number): number[] {
  return findLiving((fields) => Number(fields[2]) === group);
}

/** The pids whose parent is `pid` (what it started itself). */
export function childrenOf(pid: number): number[] {
  return findLiving((fields) => Number(fields[1]) === pid);
}

export function isLiving(pid: number): boolean {
  const fields = readProcStatFields(pid);
  return fields !== undefined && fields[0] !== 'Z';
}

function findLiving(test: (fields: string[]) => boolean): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const fields = readProcStatFields(pid);
      return fields !== undefined && fields[0] !== 'Z' && test(fields);
    });
}

/** Polls until `check` holds; the test's timeout bounds the wait (a hang fails the test, a slow machine does not). */
export async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 100));
}
