import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../../errors.js';
import { cleanStaleLab, findRecordedLab } from './find-recorded-lab.js';
import { isLabProcess, type LabState } from './lab-state.js';

export type StopRecordedLabResult =
  | { readonly kind: 'none' }
  /** Its process was already gone: the record was removed, and its MongoDB stopped (`stoppedEnginePid`). */
  | { readonly kind: 'stale'; readonly state: LabState; readonly stoppedEnginePid: number | undefined }
  /** `forced`: it had not stopped within the grace period and was killed. */
  | {
      readonly kind: 'stopped';
      readonly state: LabState;
      readonly forced: boolean;
      readonly elapsedMs: number;
      /** How long it was given before the kill. */
      readonly graceMs: number;
    };

/**
 * A docker lab stops its containers in order, each given its own grace by the container engine (the
 * services, then MongoDB, then their removal), which Podman answers slowly on a busy machine: its
 * supervisor is given that much, not a process lab's 10 s, before it is killed mid-stop.
 */
const dockerLabGraceMs = 30_000;

/**
 * `rtlab down`: SIGTERM to the recorded lab, which stops its services in reverse order, its
 * MongoDB and removes its record; after `graceMs` without exiting it is killed, and what it left
 * (the record, the MongoDB it started) is cleaned here, as for a lab that died.
 */
export async function stopRecordedLab(
  home: string,
  graceMs = 10_000,
  options: { readonly volumes?: boolean } = {},
): Promise<StopRecordedLabResult> {
  const recorded = findRecordedLab(home);
  // `--volumes`: once the lab is stopped, a docker lab's data volume goes too (kept otherwise), also
  // when the lab itself was stopped before; without a container engine there is none to drop.
  const dropVolumes = async (runtime: string | undefined) => {
    if (options.volumes !== true || (runtime !== undefined && runtime !== 'docker')) return;
    const { removeRecordedDockerLab } = await import('../docker/remove-recorded-docker-lab.js');
    await removeRecordedDockerLab(home, { volumes: true }).catch((error: unknown) => {
      if (runtime !== undefined || !(error instanceof EnvironmentError)) throw error;
    });
  };
  if (recorded.kind === 'none') {
    await dropVolumes(undefined);
    return { kind: 'none' };
  }
  const { state } = recorded;
  if (recorded.kind === 'stale') {
    const stoppedEnginePid = await cleanStaleLab(home, state);
    await dropVolumes(state.runtime);
    return { kind: 'stale', state, stoppedEnginePid };
  }
  const since = Date.now();
  const grace = state.runtime === 'docker' ? Math.max(graceMs, dockerLabGraceMs) : graceMs;
  signal(state.pid, 'SIGTERM');
  while (isLabProcess(state.pid, state.cwd) && Date.now() - since < grace) await sleep(25);
  const forced = isLabProcess(state.pid, state.cwd);
  if (forced) {
    signal(state.pid, 'SIGKILL');
    for (let i = 0; i < 200 && isLabProcess(state.pid, state.cwd); i++) await sleep(10);
  }
  await cleanStaleLab(home, state);
  await dropVolumes(state.runtime);
  return { kind: 'stopped', state, forced, elapsedMs: Date.now() - since, graceMs: grace };
}

/** A process that exited between the check and the signal is what was wanted. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
