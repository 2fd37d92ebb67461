import { actionKind, runAction } from '../actions/run-action.js';
import type { ActionResult } from '../actions/action-result.js';
import { planAction } from '../actions/plan-action.js';
import { armExpectation } from '../expectations/arm-expectation.js';
import type { ArmedExpectation, ExpectationOutcome } from '../expectations/expectation-outcome.js';
import { findServiceAt, type ScenarioLab } from '../lab/scenario-lab.js';
import type { Step } from '../schema/scenario-schema.js';
import { interpolate, type TemplateScope } from '../template/interpolate.js';
import type { StepPhase, StepReport } from './run-report.js';

const defaultStepTimeoutMs = 15_000;

export interface RunStepOptions {
  readonly lab: ScenarioLab;
  readonly scope: TemplateScope;
  readonly runStartedAt: number;
  readonly signal: AbortSignal;
}

/**
 * One step: its placeholders filled, its listening expectations armed, then its action, then
 * every expectation decided. The action's result is returned for later steps' captures.
 */
export async function runStep(
  step: Step,
  phase: StepPhase,
  options: RunStepOptions,
): Promise<{ report: StepReport; result: ActionResult | undefined }> {
  const { lab, runStartedAt } = options;
  const stepStartedAt = Date.now();
  const started = performance.now();
  const timeoutMs = step.timeout ?? defaultStepTimeoutMs;
  const stepDeadline = started + timeoutMs;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]);
  const base = {
    id: step.id,
    phase,
    title: step.title,
    startedAtMs: stepStartedAt - runStartedAt,
    action: actionKind(step.do),
  };
  const finish = (fields: {
    result?: ActionResult;
    error?: string;
    expectations?: ExpectationOutcome[];
    services?: (string | undefined)[];
  }): StepReport => {
    const expectations = fields.expectations ?? [];
    const failed = fields.error !== undefined || expectations.some((outcome) => !outcome.ok);
    const involved = new Set(
      [
        ...(fields.services ?? []),
        ...expectations.filter((outcome) => !outcome.ok).map((outcome) => outcome.service),
      ].filter((service): service is string => service !== undefined),
    );
    return {
      ...base,
      status: failed ? 'failed' : 'passed',
      durationMs: Math.round(performance.now() - started),
      result: fields.result,
      error: fields.error,
      expectations,
      logs: failed ? Object.fromEntries([...involved].map((service) => [service, lab.logs.lastLines(service)])) : {},
    };
  };

  let planned: Pick<Step, 'do' | 'expect'>;
  let plannedScope: TemplateScope;
  try {
    const plan = planAction(interpolate(step.do, options.scope));
    // What is known of the result before the action runs (a webhook's id), for its own expectations.
    const scope = { ...options.scope, steps: { ...options.scope.steps, [step.id]: plan.planned } };
    // Lenient: a placeholder naming what only the action will tell (a ws ack) is filled after it runs.
    planned = { do: plan.action, expect: interpolate(step.expect, scope, { lenient: true }) };
    plannedScope = scope;
  } catch (error) {
    return { report: finish({ error: (error as Error).message }), result: undefined };
  }
  const target = planned.do.http?.url ?? planned.do.webhook?.url;
  const actionService = target === undefined ? defaultServiceOf(planned.do) : findServiceAt(lab, target);

  const armed: ArmedExpectation[] = [];
  try {
    const arming = await Promise.allSettled(
      planned.expect.map((expectation) => armExpectation(expectation, { lab, runStartedAt, stepStartedAt, timeoutMs })),
    );
    for (const outcome of arming) if (outcome.status === 'fulfilled') armed.push(outcome.value);
    const refused = arming.find((outcome) => outcome.status === 'rejected');
    if (refused !== undefined)
      return {
        report: finish({
          error: `could not start listening: ${(refused.reason as Error).message}`,
          services: ['ws-server'],
        }),
        result: undefined,
      };

    let result: ActionResult;
    try {
      result = await runAction(planned.do, lab, { signal, timeoutMs });
    } catch (error) {
      const reason =
        signal.aborted && !options.signal.aborted ? `timed out after ${timeoutMs} ms` : (error as Error).message;
      return {
        report: finish({ error: `${base.action} failed: ${reason}`, services: [actionService] }),
        result: undefined,
      };
    }
    const actionEndedAt = performance.now();
    let filled: Step['expect'];
    try {
      filled = interpolate(step.expect, { ...plannedScope, steps: { ...plannedScope.steps, [step.id]: result } });
    } catch (error) {
      return { report: finish({ result, error: (error as Error).message }), result };
    }
    const expectations = await Promise.all(
      armed.map((expectation, index) =>
        expectation.settle({
          expectation: filled[index]!,
          result,
          actionEndedAt,
          stepDeadline,
          signal: options.signal,
        }),
      ),
    );
    const failedDirect = expectations.some((outcome) => !outcome.ok && outcome.service === undefined);
    return {
      report: finish({ result, expectations, services: failedDirect ? [actionService] : [] }),
      result,
    };
  } finally {
    await Promise.all(armed.map((expectation) => expectation.close()));
  }
}

function defaultServiceOf(action: Step['do']): string | undefined {
  if (action.webhook !== undefined) return 'webhooks-receiver';
  if (action.ws !== undefined) return 'ws-server';
  if (action.mongo !== undefined) return 'mongo';
  if (action.receiver !== undefined) return 'webhooks-receiver';
  return action.service?.stop ?? action.service?.start ?? action.service?.restart;
}
