import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopRecordedLab } from '../../runtime/lab-state/stop-recorded-lab.js';
import { stopSharedEngine } from '../../runtime/shared-mongo/stop-shared-engine.js';

/** A folder one measured lab runs in, with its own RTLAB_HOME and every port left to the system. */
export interface BenchLabFolder {
  readonly cwd: string;
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The live processes that run in it (their command line names it): none once the lab is down. */
  processes(): number[];
  /**
   * Stops whatever still runs there — the recorded lab, its MongoDB, then any process left
   * (killed by pid) — and removes the folder: after an interrupted run as after a finished one.
   */
  close(): Promise<void>;
}

export interface CreateBenchLabFolderOptions {
  /** Where the folders go (`<RTLAB_HOME>/bench`): one per run, removed after it. */
  readonly parent: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The lab's port settings (RECEIVER_PORT…): each 0, so that the lab picks free ports. */
  readonly portSettings: readonly string[];
}

export function createBenchLabFolder(options: CreateBenchLabFolderOptions): BenchLabFolder {
  mkdirSync(options.parent, { recursive: true });
  const cwd = mkdtempSync(path.join(options.parent, 'lab-'));
  const home = path.join(cwd, '.rtlab');
  const env = {
    ...options.env,
    RTLAB_HOME: home,
    ...Object.fromEntries(options.portSettings.map((setting) => [setting, '0'])),
  };
  const processes = () => processesNaming(cwd);
  return {
    cwd,
    home,
    env,
    processes,
    close: async () => {
      // Within the 10 s a stopping rtlab is given: a lab that does not stop in 5 s is killed.
      await stopRecordedLab(home, 5000);
      await stopSharedEngine(home, 2000);
      for (const pid of processes()) kill(pid);
      for (let i = 0; i < 100 && processes().length > 0; i++) await sleep(20);
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Processes whose command line names the folder: the lab and its engine run with `--cwd <folder>`. */
function processesNaming(folder: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.some((arg) => arg.startsWith(folder))) found.push(Number(name));
    } catch {
      // Gone while being read.
    }
  }
  return found;
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
