import { readdirSync, readFileSync } from 'node:fs';

/**
 * The resident memory of some processes and all their descendants, summed from /proc, in bytes:
 * the lab's process, its MongoDB engine (a process of its own) and any child either runs (the
 * one-shot grpc-client while it runs). Each process counts once. 0 on a system without /proc.
 */
export function readTreeRss(roots: readonly number[]): { bytes: number; processes: number } {
  const parents = readParents();
  const inTree = new Set(roots.filter((pid) => parents.has(pid)));
  // Descendants: keep adding the children of what is in, until nothing new comes in.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents)
      if (!inTree.has(pid) && inTree.has(parent)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let bytes = 0;
  for (const pid of inTree) bytes += readRssBytes(pid);
  return { bytes, processes: inTree.size };
}

/** Every live process's parent, from /proc/<pid>/stat (field 4, after the command's last ')'). */
function readParents(): Map<number, number> {
  const parents = new Map<number, number>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z') parents.set(Number(name), Number(fields[1]));
    } catch {
      // Gone while being read.
    }
  }
  return parents;
}

/** VmRSS of /proc/<pid>/status, which is given in kB. */
function readRssBytes(pid: number): number {
  try {
    const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? 0 : Number(kilobytes) * 1024;
  } catch {
    return 0;
  }
}
