import type { ActionResult } from '../actions/action-result.js';
import type { Evidence } from '../evidence/tally.js';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { Expectation } from '../schema/expectation-schema.js';

/** The verdict of one expectation, with what satisfied it or what was there instead. */
export interface ExpectationOutcome {
  readonly kind: string;
  readonly ok: boolean;
  /** What was checked, in one line. */
  readonly summary: string;
  readonly expected: string;
  readonly received: string;
  /** The lines, events or documents that decided it, with their times since the run started. */
  readonly evidence: readonly Evidence[];
  /** The service whose last log lines explain a failure. */
  readonly service?: string;
}

export interface SettleContext {
  /** The expectation with every placeholder filled, the action's result included. */
  readonly expectation: Expectation;
  /** The action's result; undefined when the action failed. */
  readonly result: ActionResult | undefined;
  /** performance.now() when the action ended: windows (`within`, `absent`) count from there. */
  readonly actionEndedAt: number;
  /** performance.now() past which the step has run out of time. */
  readonly stepDeadline: number;
  readonly signal: AbortSignal;
}

/** An expectation listening since before the action; `settle` decides it once the action has run. */
export interface ArmedExpectation {
  settle(context: SettleContext): Promise<ExpectationOutcome>;
  close(): Promise<void>;
}

export interface ArmContext {
  readonly lab: ScenarioLab;
  /** Date.now() when the run started: evidence times are relative to it. */
  readonly runStartedAt: number;
  /** Date.now() when the step started: log lines count from then. */
  readonly stepStartedAt: number;
  readonly timeoutMs: number;
}

/** An expectation that only reads the action's result. */
export function armed(
  settle: (context: SettleContext) => ExpectationOutcome | Promise<ExpectationOutcome>,
): ArmedExpectation {
  return { settle: async (context) => settle(context), close: async () => undefined };
}
