import { setTimeout as sleep } from 'node:timers/promises';
import { cleanStaleLab, findRecordedLab } from './find-recorded-lab.js';
import { isLabProcess, type LabState } from './lab-state.js';

export type StopRecordedLabResult =
  | { readonly kind: 'none' }
  /** Its process was already gone: the record was removed, and its MongoDB stopped (`stoppedEnginePid`). */
  | { readonly kind: 'stale'; readonly state: LabState; readonly stoppedEnginePid: number | undefined }
  /** `forced`: it had not stopped within the grace period and was killed. */
  | { readonly kind: 'stopped'; readonly state: LabState; readonly forced: boolean; readonly elapsedMs: number };

/**
 * `rtlab down`: SIGTERM to the recorded lab, which stops its services in reverse order, its
 * MongoDB and removes its record; after `graceMs` without exiting it is killed, and what it left
 * (the record, the MongoDB it started) is cleaned here, as for a lab that died.
 */
export async function stopRecordedLab(home: string, graceMs = 10_000): Promise<StopRecordedLabResult> {
  const recorded = findRecordedLab(home);
  if (recorded.kind === 'none') return { kind: 'none' };
  const { state } = recorded;
  if (recorded.kind === 'stale') return { kind: 'stale', state, stoppedEnginePid: await cleanStaleLab(home, state) };
  const since = Date.now();
  signal(state.pid, 'SIGTERM');
  while (isLabProcess(state.pid, state.cwd) && Date.now() - since < graceMs) await sleep(25);
  const forced = isLabProcess(state.pid, state.cwd);
  if (forced) {
    signal(state.pid, 'SIGKILL');
    for (let i = 0; i < 200 && isLabProcess(state.pid, state.cwd); i++) await sleep(10);
  }
  await cleanStaleLab(home, state);
  return { kind: 'stopped', state, forced, elapsedMs: Date.now() - since };
}

/** A process that exited between the check and the signal is what was wanted. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
