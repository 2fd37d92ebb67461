import { readdir, readFile, readlink } from 'node:fs/promises';

export interface PortHolder {
  readonly pid: number;
  readonly command: string;
}

/**
 * Which process listens on a TCP port, read from Linux's /proc (no lsof or ss needed).
 * Undefined where /proc cannot tell: another OS, or a process of another user.
 */
export async function findPortHolder(port: number): Promise<PortHolder | undefined> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      const inode = fields[9];
      // State 0A is LISTEN; the local address ends with the port in hex.
      if (
        state === '0A' &&
        local !== undefined &&
        inode !== undefined &&
        parseInt(local.split(':')[1] ?? '', 16) === port
      ) {
        inodes.add(`socket:[${inode}]`);
      }
    }
  }
  if (inodes.size === 0) return undefined;
  const pids = await readdir('/proc').catch(() => [] as string[]);
  for (const pid of pids.filter((name) => /^\d+$/.test(name))) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (inodes.has(target)) {
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        return { pid: Number(pid), command: cmdline.split('\0').filter(Boolean).join(' ') || '(unknown)' };
      }
    }
  }
  return undefined;
}
