import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { stopRecordedLab } from '../../src/runtime/lab-state/stop-recorded-lab.js';
import { stopSharedEngine } from '../../src/runtime/shared-mongo/stop-shared-engine.js';
import { labParts } from '../../src/services/registry.js';
import { freePort } from '../helpers/free-port.js';
import { listeningAddresses } from '../helpers/listening-addresses.js';

/** A folder a lab runs in, and the settings that give each of its parts a free port of its own. */
export interface LabFolder {
  readonly cwd: string;
  readonly home: string;
  readonly env: Record<string, string>;
  /** Every port of the lab (MongoDB's included), to check that none is held once it is down. */
  readonly ports: readonly number[];
}

/**
 * A fresh lab folder per test with a free port for every part of the registry, so that no other
 * lab on this machine is reached; afterwards, whatever a failed test left running there is
 * stopped (the lab, then the MongoDB it started) and the folder removed.
 */
export function useLabFolder(): () => Promise<LabFolder> {
  const folders: LabFolder[] = [];
  afterEach(async () => {
    for (const folder of folders.splice(0)) {
      await stopRecordedLab(folder.home, 5000);
      await stopSharedEngine(folder.home, 2000);
      rmSync(folder.cwd, { recursive: true, force: true });
    }
  }, 30_000);
  return async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'rtlab-up-'));
    const env: Record<string, string> = { LOG_LEVEL: 'info' };
    for (const part of labParts) env[part.portSetting] = String(await freePort());
    const folder = {
      cwd,
      home: path.join(cwd, '.rtlab'),
      env,
      ports: labParts.map((part) => Number(env[part.portSetting])),
    };
    folders.push(folder);
    return folder;
  };
}

/**
 * The live processes whose command line names the folder (the lab runs with `--cwd <folder>`,
 * and so does the MongoDB it starts): none must be left once a lab is down. A zombie, dead but
 * not yet reaped by its parent, is not running.
 */
export function processesIn(cwd: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.some((arg) => arg.startsWith(cwd)) && isRunning(Number(name))) found.push(Number(name));
    } catch {
      // Gone while being read.
    }
  }
  return found;
}

/** Whether the process exists and is not a zombie (dead, not yet reaped). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The lab's ports something still listens on. */
export function heldPorts(folder: LabFolder): number[] {
  return folder.ports.filter((port) => listeningAddresses(port).length > 0);
}
