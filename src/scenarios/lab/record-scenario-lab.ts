import path from 'node:path';
import type { LabConfig } from '../../config/lab-config.js';
import { claimLabState } from '../../runtime/lab-state/claim-lab-state.js';
import { removeLabState, writeLabState, type LabState } from '../../runtime/lab-state/lab-state.js';
import type { EmbeddedLab } from '../../runtime/embedded/start-embedded-lab.js';

/** The state file of a lab a scenario run starts, kept up to date as the lab starts and stops. */
export interface ScenarioLabRecord {
  /** MongoDB is up: from here a run killed with -9 leaves a record that names the engine it started. */
  mongoReady(startedEnginePid: number | undefined): void;
  ready(lab: EmbeddedLab): void;
  /** Removes the record (if still this run's). */
  remove(): void;
}

/**
 * A lab a scenario run starts is recorded in `<RTLAB_HOME>/state.json` as `rtlab up` records its
 * own, from before it starts anything: `rtlab status` and `rtlab down` see it while it runs, a
 * second `rtlab up` is told it is there, and a run killed with -9 leaves a stale record naming the
 * embedded MongoDB it started, which `rtlab down` (or the next run) stops. A stale record found
 * here is cleaned first.
 */
export async function recordScenarioLab(config: LabConfig, profiles: readonly string[]): Promise<ScenarioLabRecord> {
  const starting: LabState = {
    runtime: 'embedded',
    pid: process.pid,
    status: 'starting',
    startedAt: new Date().toISOString(),
    cwd: config.cwd,
    home: config.home,
    profiles,
    parts: [],
    logDir: path.join(config.home, 'logs'),
  };
  await claimLabState(config.home, starting);
  let current = starting;
  return {
    mongoReady: (startedEnginePid) => writeLabState(config.home, (current = { ...current, startedEnginePid })),
    ready: (lab) =>
      writeLabState(
        config.home,
        (current = {
          ...current,
          status: 'ready',
          readyAt: new Date().toISOString(),
          mongoUrl: lab.mongoUrl,
          startedEnginePid: lab.startedEnginePid,
          parts: lab.parts,
        }),
      ),
    remove: () => removeLabState(config.home, process.pid),
  };
}
