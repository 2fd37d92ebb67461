import type { ExpectationOutcome } from '../expectations/expectation-outcome.js';
import type { RunReport, StepReport } from '../run/run-report.js';
import type { Localized } from '../schema/localized.js';

/** The scenario runner itself: where actions start and where answers to them arrive. */
export const runnerLane = 'runner';

/** One moment of a run: an action the runner took, or the evidence that decided an expectation. */
export interface TimelineEntry {
  /** Since the run started. */
  readonly atMs: number;
  readonly scenarioId: string;
  readonly stepId: string;
  readonly type: 'action' | 'evidence' | 'failure';
  /** The service it happened in (its lane): `runner` for the runner's own actions and answers. */
  readonly lane: string;
  /** The action's kind, or the expectation's one-line summary. */
  readonly what: string;
  readonly ok: boolean;
  /** Event, order and message ids found in it, to follow one id from hop to hop. */
  readonly ids: readonly string[];
  /** The log line, event, document or response; for a failure, what was expected and received. */
  readonly value?: unknown;
  readonly durationMs?: number;
  /** A chain's hop: the lane its arrow comes from (the hop before it). */
  readonly from?: string;
}

export interface StepTimeline {
  readonly scenarioId: string;
  readonly stepId: string;
  readonly title: Localized;
  readonly status: StepReport['status'];
  readonly startedAtMs: number;
  readonly durationMs: number;
  /** The last log lines of each service involved in a failure. */
  readonly logs: Readonly<Record<string, readonly string[]>>;
}

/** The flight recorder of a run: every entry in time order, and the lanes (services) involved. */
export interface Timeline {
  readonly lanes: readonly string[];
  readonly steps: readonly StepTimeline[];
  readonly entries: readonly TimelineEntry[];
}

const idKeys = new Set(['eventId', 'orderId', 'messageId', 'webhook-id', 'deliveryId', 'updateId']);

/** Builds the timeline from a run's report: what was done, and what proved each expectation, in time order. */
export function toTimeline(report: RunReport): Timeline {
  const entries: TimelineEntry[] = [];
  const steps: StepTimeline[] = [];
  for (const scenario of report.scenarios)
    for (const step of scenario.steps) {
      if (step.status === 'skipped') continue;
      const where = { scenarioId: scenario.id, stepId: step.id };
      steps.push({
        ...where,
        title: step.title,
        status: step.status,
        startedAtMs: step.startedAtMs,
        durationMs: step.durationMs,
        logs: step.logs,
      });
      entries.push({
        ...where,
        atMs: step.startedAtMs,
        type: 'action',
        lane: runnerLane,
        what: step.action,
        ok: step.error === undefined,
        ids: findIds(step.result),
        value: step.error ?? summarizeResult(step.result),
        durationMs: step.durationMs,
      });
      for (const outcome of step.expectations) entries.push(...toEvidenceEntries(outcome, where, step));
    }
  entries.sort((a, b) => a.atMs - b.atMs);
  const lanes = [runnerLane, ...new Set(entries.map((entry) => entry.lane).filter((lane) => lane !== runnerLane))];
  return { lanes, steps, entries };
}

function toEvidenceEntries(
  outcome: ExpectationOutcome,
  where: { scenarioId: string; stepId: string },
  step: StepReport,
): TimelineEntry[] {
  const lane = laneOf(outcome);
  const found = outcome.evidence.map((evidence) => ({
    ...where,
    atMs: evidence.atMs,
    type: 'evidence' as const,
    lane: evidence.lane ?? lane,
    what: evidence.what ?? outcome.summary,
    ok: outcome.ok,
    ids: findIds(evidence.value),
    value: evidence.value,
    ...(evidence.from === undefined ? {} : { from: evidence.from }),
  }));
  if (outcome.ok) return found;
  // A failure is drawn where the step gave up, with what was expected and what came instead.
  return [
    ...found,
    {
      ...where,
      atMs: step.startedAtMs + step.durationMs,
      type: 'failure',
      lane,
      what: outcome.summary,
      ok: false,
      ids: [],
      value: { expected: outcome.expected, received: outcome.received },
    },
  ];
}

function laneOf(outcome: ExpectationOutcome): string {
  if (outcome.service !== undefined) return outcome.service;
  if (outcome.kind === 'ws') return 'ws-server';
  return runnerLane;
}

/** What an action returned, without bulky fields (a cli step's whole output). */
function summarizeResult(result: unknown): unknown {
  if (result === null || typeof result !== 'object') return result;
  return Object.fromEntries(
    Object.entries(result).map(([key, value]) => [
      key,
      typeof value === 'string' && value.length > 500 ? `${value.slice(0, 500)}…` : value,
    ]),
  );
}

/** The correlation ids in a value (at any depth, a few hundred nodes at most). */
export function findIds(value: unknown): string[] {
  const found = new Set<string>();
  let budget = 500;
  const walk = (node: unknown): void => {
    if (budget-- <= 0 || node === null || typeof node !== 'object') return;
    for (const [key, item] of Object.entries(node)) {
      if (idKeys.has(key) && (typeof item === 'string' || typeof item === 'number')) found.add(String(item));
      else walk(item);
    }
  };
  walk(value);
  return [...found];
}
