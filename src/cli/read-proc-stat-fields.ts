import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/<pid>/stat after `(command)`, which may itself hold spaces and
 * parentheses: [0] is the state (`Z` for a zombie), [1] the parent pid, [2] the process group,
 * [19] the start time. Undefined when the process is gone, or on a system without /proc.
 */
export function readProcStatFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .trim()
      .split(' ');
  } catch {
    return undefined;
  }
}
