import { EnvironmentError } from '../../errors.js';
import { cleanStaleLab, findRecordedLab } from './find-recorded-lab.js';
import { createLabState, type LabState } from './lab-state.js';

/**
 * Records a lab that is starting, before it starts anything: a lab already running in this
 * RTLAB_HOME is an environment error (exit 3) that gives its URLs and how to stop it; a stale
 * record is cleaned first (its MongoDB stopped).
 */
export async function claimLabState(home: string, state: LabState): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createLabState(home, state)) return;
    const recorded = findRecordedLab(home);
    if (recorded.kind === 'running') throw labAlreadyRunning(recorded.state);
    if (recorded.kind === 'stale') await cleanStaleLab(home, recorded.state);
  }
  throw new EnvironmentError(`Could not record the lab in ${home}: another lab keeps taking its place.`, {
    hint: 'Run rtlab status to see it, or rtlab down to stop it.',
  });
}

/** Fails when a lab runs in this RTLAB_HOME (what `rtlab up -d` checks before it starts a background lab). */
export function ensureNoLabRunning(home: string): void {
  const recorded = findRecordedLab(home);
  if (recorded.kind === 'running') throw labAlreadyRunning(recorded.state);
}

function labAlreadyRunning(state: LabState): EnvironmentError {
  const width = Math.max(0, ...state.parts.map((part) => part.name.length));
  const parts = state.parts.map((part) => `\n    ${part.name.padEnd(width)}  ${part.url}`).join('');
  const what = state.status === 'ready' ? 'already running' : 'already starting';
  return new EnvironmentError(
    `A lab is ${what} here (pid ${state.pid}, started ${state.startedAt}${state.parts.length > 0 ? '):' : ')'}${parts}`,
    { hint: 'Use it as it is (rtlab status shows its health), or stop it first with rtlab down.' },
  );
}
