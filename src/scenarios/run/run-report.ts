import type { ExpectationOutcome } from '../expectations/expectation-outcome.js';
import type { Localized } from '../schema/localized.js';

export type StepPhase = 'setup' | 'steps' | 'cleanup';

/** One step as it ran: the timeline of a run is made of these. */
export interface StepReport {
  readonly id: string;
  readonly phase: StepPhase;
  readonly title: Localized;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Since the run started. */
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly action: string;
  /** The action's result (what `{{steps.<id>…}}` reads). */
  readonly result?: unknown;
  /** Why the action, or the step's set-up, failed. */
  readonly error?: string;
  readonly expectations: readonly ExpectationOutcome[];
  /** The last log lines of each service involved in a failure. */
  readonly logs: Readonly<Record<string, readonly string[]>>;
}

export interface ScenarioReport {
  readonly id: string;
  readonly file: string;
  readonly title: Localized;
  readonly passed: boolean;
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly steps: readonly StepReport[];
}

export interface RunReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly lab: 'attached' | 'started';
  readonly passed: boolean;
  /** The learner stopped the guided run (`q`): the steps left were skipped. */
  readonly stopped?: boolean;
  readonly scenarios: readonly ScenarioReport[];
}

/** A step about to run, its texts with `{{services.<name>.url}}` and the like filled in. */
export interface StepStart {
  readonly scenarioId: string;
  readonly id: string;
  readonly phase: StepPhase;
  readonly title: Localized;
  readonly explain?: Localized;
  readonly hint?: Localized;
  /** Since the run started. */
  readonly startedAtMs: number;
}

/** What a reporter hears while a run goes on. */
export interface RunListener {
  scenarioStarted(scenario: { id: string; title: Localized }): void;
  /** Before a step's action (a pretty reporter's spinner); skipped steps are not started. */
  stepStarted?(step: StepStart): void;
  stepFinished(step: StepReport): void;
  scenarioFinished(report: ScenarioReport): void;
}
