import { readLiveEngineRecord } from '../shared-mongo/engine-record.js';
import { stopSharedEngine } from '../shared-mongo/stop-shared-engine.js';
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { isLabProcess, labStatePath, readLabState, removeLabState, type LabState } from './lab-state.js';

/** What `<RTLAB_HOME>/state.json` says now: no lab, a running one, or one whose process is gone. */
export type RecordedLab =
  | { readonly kind: 'none' }
  | { readonly kind: 'running'; readonly state: LabState }
  /** Its process died (`kill -9`, a crash, a reboot) without removing the record. */
  | { readonly kind: 'stale'; readonly state: LabState };

export function findRecordedLab(home: string): RecordedLab {
  const state = readLabState(home);
  if (state === undefined || (state.home !== undefined && path.resolve(state.home) !== path.resolve(home))) {
    // Unreadable (a bad edit, a power cut before the rename reached the disk) or copied from another
    // folder with it: no lab of this folder, and nothing of it to stop. Set aside, it blocks no `up`.
    setAsideUnusableRecord(home);
    return { kind: 'none' };
  }
  return isLabProcess(state.pid, state.cwd) ? { kind: 'running', state } : { kind: 'stale', state };
}

function setAsideUnusableRecord(home: string): void {
  const file = labStatePath(home);
  if (existsSync(file)) renameSync(file, `${file}.unusable-${Date.now()}`);
}

/**
 * Cleans up after a lab whose process is gone: the embedded MongoDB it had started (still
 * running, since it is a process of its own; what it acknowledged is journaled) is stopped,
 * and the record removed. Returns the engine's pid when it was stopped.
 */
export async function cleanStaleLab(home: string, state: LabState): Promise<number | undefined> {
  const engine = state.startedEnginePid;
  const stopped = engine !== undefined && readLiveEngineRecord(home)?.pid === engine;
  if (stopped) await stopSharedEngine(home);
  // A docker lab's containers outlive its supervisor: removed by the lab's label.
  if (state.runtime === 'docker')
    await (await import('../docker/remove-recorded-docker-lab.js')).removeRecordedDockerLab(home);
  removeLabState(home, state.pid);
  return stopped ? engine : undefined;
}
