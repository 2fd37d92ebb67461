import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime: 100 on every Linux Node runs on. */
const ticksPerSecond = 100;

/**
 * CPU time (user + system) a process has used so far, in milliseconds: this process's from
 * `process.cpuUsage`, another's from `/proc/<pid>/stat` (fields 14 and 15); 0 where /proc is
 * missing. On a machine shared with other work, CPU per call is steadier than calls per second.
 */
export function readProcessCpuMs(pid: number | undefined): number {
  if (pid === undefined || pid === process.pid) {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
  } catch {
    return 0;
  }
}
