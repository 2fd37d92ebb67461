import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: `/proc/<pid>/stat` counts CPU time in these ticks (100 on every mainstream architecture). */
const ticksPerSecond = 100;

/**
 * CPU time (user + system, every thread) a process has used so far, in milliseconds. On a shared
 * machine, events per second move with the other users' load; the CPU each event costs does not.
 * Undefined where it cannot be read (not Linux, the process is gone).
 */
function readCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  if (pid === process.pid) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds in each process the webhooks benchmark runs. */
export interface CpuPerEvent {
  /** This process: the load generator, the receiver and the relay (or the baseline receiver). */
  readonly bench: number;
  readonly mongo: number;
  readonly wsServer: number;
}

export function zeroCpu(): CpuPerEvent {
  return { bench: 0, mongo: 0, wsServer: 0 };
}

/** Each process's CPU time so far; NaN where it cannot be read, so that the totals say so. */
export function readAllCpuMs(pids: Readonly<Record<keyof CpuPerEvent, number | undefined>>): CpuPerEvent {
  const read = (pid: number | undefined) => readCpuMs(pid) ?? Number.NaN;
  return { bench: read(pids.bench), mongo: read(pids.mongo), wsServer: read(pids.wsServer) };
}

export function addCpu(total: CpuPerEvent, after: CpuPerEvent, before: CpuPerEvent): CpuPerEvent {
  return {
    bench: total.bench + after.bench - before.bench,
    mongo: total.mongo + after.mongo - before.mongo,
    wsServer: total.wsServer + after.wsServer - before.wsServer,
  };
}

export function toCpuPerEvent(cpuMs: CpuPerEvent, answered: number): { cpuMsPerEvent?: CpuPerEvent } {
  if (answered === 0 || Object.values(cpuMs).some((value) => !Number.isFinite(value))) return {};
  return {
    cpuMsPerEvent: {
      bench: cpuMs.bench / answered,
      mongo: cpuMs.mongo / answered,
      wsServer: cpuMs.wsServer / answered,
    },
  };
}
