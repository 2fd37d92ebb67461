import type { OneShotFacts } from '../services/registry/service-definition.js';
import type { RunOneShotOptions } from './embedded/run-one-shot.js';
import type { EmbeddedLab, StartEmbeddedLabOptions } from './embedded/start-embedded-lab.js';

/** Where the lab's services run: this process, one child process each, or one container each. */
export const labRuntimes = ['embedded', 'process', 'docker'] as const;
export type LabRuntimeName = (typeof labRuntimes)[number];

export interface StartLabOptions extends StartEmbeddedLabOptions {
  /** Process runtime: restart a service when its sources change. */
  readonly watch?: boolean;
  /** The environment the lab was configured from (with the ports it picked): what child processes run with. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Process runtime: each line a service's process prints, for the terminal (its log file has it already). */
  readonly onOutput?: (service: string, line: string) => void;
}
export interface RunningLab extends EmbeddedLab {
  /** How this runtime runs a one-shot (a container for the docker one); a child process when absent. */
  readonly runOneShot?: (oneShot: OneShotFacts, options: RunOneShotOptions) => Promise<number | null>;
}
export type StartLab = (options: StartLabOptions) => Promise<RunningLab>;

/**
 * Every runtime starts the same lab from the same registry and reports the same parts, so
 * `rtlab up`, `status`, `down` and the scenario runner do not care which one runs it. Loaded on
 * demand: a runtime brings its own libraries (dockerode, a file watcher).
 */
export async function loadLabRuntime(name: LabRuntimeName): Promise<StartLab> {
  switch (name) {
    case 'embedded':
      return (await import('./embedded/start-embedded-lab.js')).startEmbeddedLab;
    case 'process':
      return (await import('./process/start-process-lab.js')).startProcessLab;
    case 'docker':
      return (await import('./docker/start-docker-lab.js')).startDockerLab;
  }
}
