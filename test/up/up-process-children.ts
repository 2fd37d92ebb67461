import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { processesIn } from './lab-folder.js';

/** The `rtlab serve <service>` processes of the lab in `cwd`, by service, with their parent pid. */
export function serviceProcessesIn(cwd: string): Map<string, { pid: number; ppid: number }> {
  const found = new Map<string, { pid: number; ppid: number }>();
  for (const pid of processesIn(cwd)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const serve = args.indexOf('serve');
      // `rtlab mongo serve` is the lab's MongoDB, not a service.
      if (serve < 0 || args[serve - 1] === 'mongo' || args[serve + 1] === undefined) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.set(args[serve + 1]!, { pid, ppid });
    } catch {
      // Gone while being read.
    }
  }
  return found;
}

/** Waits until `service` runs in a process other than `oldPid`, and returns its pid. */
export async function waitForNewProcess(
  cwd: string,
  service: string,
  oldPid: number,
  timeoutMs = 60_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = serviceProcessesIn(cwd).get(service);
    if (now !== undefined && now.pid !== oldPid) return now.pid;
    if (Date.now() > deadline) throw new Error(`${service} was not started again within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Waits until `GET url` answers 200 (a service serving again after a restart). */
export async function waitForHttpOk(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${status})`);
    await sleep(100);
  }
}
