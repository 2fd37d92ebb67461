import { UsageError } from '../../errors.js';
import type { LoadedScenario } from '../load/find-scenarios.js';
import type { ScenarioLab } from '../lab/scenario-lab.js';
import type { Localized } from '../schema/localized.js';
import type { Step } from '../schema/scenario-schema.js';
import type { RunListener, RunReport, ScenarioReport, StepPhase, StepReport, StepStart } from './run-report.js';
import { runStep } from './run-step.js';
import { interpolate, type TemplateScope } from '../template/interpolate.js';

export interface RunScenariosOptions {
  readonly lab: ScenarioLab;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stop at the first failed step: the scenario's later steps are skipped (its cleanup still runs), later scenarios are not run. */
  readonly bail: boolean;
  readonly signal: AbortSignal;
  readonly listener: RunListener;
  /** Date.now() when the run began (the lab's start included). */
  readonly startedAt: number;
  /**
   * Asked before each step (the guided mode's Enter or q): `stop` skips the steps left, runs the
   * scenario's cleanup, and runs no later scenario.
   */
  readonly beforeStep?: (step: StepStart) => Promise<'run' | 'stop'>;
}

/**
 * Runs the scenarios one after another against one lab. In each, a failed step skips the steps
 * after it (they usually build on it), and its cleanup runs whatever happened.
 */
export async function runScenarios(
  scenarios: readonly LoadedScenario[],
  options: RunScenariosOptions,
): Promise<RunReport> {
  const reports: ScenarioReport[] = [];
  let stopped = false;
  for (const { file, scenario } of scenarios) {
    if (options.signal.aborted || stopped) break;
    const started = Date.now();
    const scope = {
      steps: {} as Record<string, unknown>,
      services: options.lab.services,
      env: options.env,
      vars: {} as Record<string, unknown>,
    };
    // Once per run: `ord_{{uuid}}` in vars is one fresh id that every step shares.
    try {
      scope.vars = interpolate(scenario.vars ?? {}, scope);
    } catch (error) {
      throw new UsageError(`${file}: vars: ${(error as Error).message}`, {
        hint: 'vars may use {{uuid}}, {{email}} and {{env.NAME}}; steps are not run yet.',
      });
    }
    const title = fillText(scenario.title, scope);
    options.listener.scenarioStarted({ id: scenario.id, title });
    const steps: StepReport[] = [];
    let failed = false;
    const phases: [StepPhase, readonly Step[]][] = [
      ['setup', scenario.setup ?? []],
      ['steps', scenario.steps],
      ['cleanup', scenario.cleanup ?? []],
    ];
    for (const [phase, list] of phases)
      for (const step of list) {
        const start: StepStart = {
          scenarioId: scenario.id,
          id: step.id,
          phase,
          title: fillText(step.title, scope),
          explain: step.explain === undefined ? undefined : fillText(step.explain, scope),
          hint: step.hint === undefined ? undefined : fillText(step.hint, scope),
          startedAtMs: Date.now() - options.startedAt,
        };
        let skip = ((failed || stopped) && phase !== 'cleanup') || options.signal.aborted;
        if (!skip && phase !== 'cleanup' && options.beforeStep !== undefined)
          skip = stopped = (await options.beforeStep(start)) === 'stop';
        if (!skip) options.listener.stepStarted?.({ ...start, startedAtMs: Date.now() - options.startedAt });
        const ran = skip
          ? skipped(step, phase, Date.now() - options.startedAt)
          : await runStep(step, phase, {
              lab: options.lab,
              scope,
              runStartedAt: options.startedAt,
              signal: options.signal,
            }).then(({ report, result }) => {
              scope.steps[step.id] = result;
              return report;
            });
        const report = { ...ran, title: start.title };
        if (report.status === 'failed') failed = true;
        steps.push(report);
        options.listener.stepFinished(report);
      }
    // A scenario that failed between stopping a service and starting it again (or with the
    // receiver's fault switch armed) must not leave the next scenario a broken lab.
    await options.lab.control?.restore();
    const report: ScenarioReport = {
      id: scenario.id,
      file,
      title,
      passed: !failed && !options.signal.aborted && !stopped,
      startedAtMs: started - options.startedAt,
      durationMs: Date.now() - started,
      steps,
    };
    reports.push(report);
    options.listener.scenarioFinished(report);
    if (failed && options.bail) break;
  }
  return {
    startedAt: new Date(options.startedAt).toISOString(),
    durationMs: Date.now() - options.startedAt,
    lab: options.lab.origin,
    ...(stopped ? { stopped } : {}),
    passed: reports.length === scenarios.length && reports.every((report) => report.passed),
    scenarios: reports,
  };
}

/**
 * A title or explanation as the learner should read it: `{{services.<name>.url}}` names this
 * lab's address, not a default port. A placeholder that names nothing yet stays as written.
 */
function fillText(text: Localized, scope: TemplateScope): Localized {
  try {
    return interpolate(text, scope, { lenient: true });
  } catch {
    return text;
  }
}

function skipped(step: Step, phase: StepPhase, atMs: number): StepReport {
  return {
    id: step.id,
    phase,
    title: step.title,
    status: 'skipped',
    startedAtMs: atMs,
    durationMs: 0,
    action: Object.keys(step.do)[0] ?? 'none',
    expectations: [],
    logs: {},
  };
}
