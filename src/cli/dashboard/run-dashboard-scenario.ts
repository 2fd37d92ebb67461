import path from 'node:path';
import type { LabConfig } from '../../config/lab-config.js';
import { packageRoot } from '../../package-root.js';
import { findRecordedLab } from '../../runtime/lab-state/find-recorded-lab.js';
import type { Language } from '../../scenarios/schema/localized.js';
import type { StepReport } from '../../scenarios/run/run-report.js';
import type { ActionOutcome, DashboardChoice } from '../../ui/dashboard/dashboard-actions.js';
import type { DashboardStore } from '../../ui/dashboard/dashboard-store.js';
import { toPrintable } from '../to-printable.js';

export interface DashboardScenariosOptions {
  readonly config: LabConfig;
  readonly store: DashboardStore;
  /** The environment `cli` steps start from, as `rtlab scenario` gives them. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly lang: Language;
  readonly signal: AbortSignal;
}

/**
 * The dashboard's `r`: the built-in scenarios (`rtlab scenario list`) whose profiles the running
 * lab has, and a run of the one picked against it, through the runner `rtlab scenario` uses; each
 * step's ✓/✗ goes to the log pane as it finishes. It only ever attaches to this lab: one that is
 * not recorded as running and ready is said, never started.
 */
export function createDashboardScenarios(options: DashboardScenariosOptions) {
  const { config, store, lang } = options;
  const runningLab = () => {
    const recorded = findRecordedLab(config.home);
    return recorded.kind === 'running' && recorded.state.status === 'ready' ? recorded.state : undefined;
  };
  const loadFitting = async () => {
    const lab = runningLab();
    if (lab === undefined) return [];
    const [{ loadScenarioFolders }, { usesFaults }] = await Promise.all([
      import('../../scenarios/load/find-scenarios.js'),
      import('../../scenarios/lab/lab-control.js'),
    ]);
    // A scenario that stops services or makes the receiver fail runs only on a lab it starts
    // itself (`rtlab scenario resilience`), never on the learner's: it is not offered here.
    return loadScenarioFolders([path.join(packageRoot, 'labs')]).filter(
      ({ scenario }) => !usesFaults(scenario) && scenario.profiles.every((profile) => lab.profiles.includes(profile)),
    );
  };
  const log = (level: 'info' | 'error', message: string) =>
    store.addLog(
      // Titles and results come from scenario files and lab output: shown, never obeyed by the terminal.
      { timestamp: new Date().toISOString(), level, service: 'scenario', message: toPrintable(message), meta: {} },
      false,
    );

  return {
    choices: async () => ({
      items: (await loadFitting()).map(({ scenario }): DashboardChoice => ({
        id: scenario.id,
        label: `${toPrintable(scenario.title[lang])} (${scenario.steps.length} steps)`,
      })),
      none:
        runningLab() === undefined
          ? 'The lab is not ready yet: scenarios run once every service is.'
          : 'No built-in scenario fits the profiles of this lab (rtlab scenario list shows what each needs).',
    }),
    run: async (choice: DashboardChoice | undefined): Promise<ActionOutcome> => {
      const chosen = (await loadFitting()).find(({ scenario }) => scenario.id === choice?.id);
      if (chosen === undefined) return { ok: false, text: `The scenario ${choice?.id ?? ''} no longer fits this lab.` };
      const [{ acquireLab }, { runScenarios }] = await Promise.all([
        import('../../scenarios/lab/acquire-lab.js'),
        import('../../scenarios/run/run-scenarios.js'),
      ]);
      const startedAt = Date.now();
      const { scenario } = chosen;
      const acquired = await acquireLab({
        config,
        profiles: scenario.profiles,
        env: options.env,
        signal: options.signal,
        onProgress: () => undefined,
        runStartedAt: startedAt,
        scenarios: [scenario],
      });
      try {
        const report = await runScenarios([chosen], {
          lab: acquired.lab,
          env: options.env,
          bail: false,
          signal: options.signal,
          startedAt,
          listener: {
            scenarioStarted: () => log('info', `▶ ${scenario.id}: ${scenario.title[lang]}`),
            stepFinished: (step) => log(step.status === 'failed' ? 'error' : 'info', describeStep(step, lang)),
            scenarioFinished: () => undefined,
          },
        });
        const steps = report.scenarios.flatMap((ran) => ran.steps);
        const passed = steps.filter((step) => step.status === 'passed').length;
        const seconds = (report.durationMs / 1000).toFixed(1);
        return {
          ok: report.passed,
          text: `Scenario ${scenario.id} ${report.passed ? 'passed' : 'failed'}: ${passed} of ${steps.length} steps passed in ${seconds} s${report.passed ? '' : ' (why: the ✗ lines above; rtlab scenario ' + scenario.id + ' for the whole report)'}.`,
        };
      } finally {
        await acquired.release();
      }
    },
  };
}

/** `✓ Trigger the sender`, `✗ …: why`, `- … (skipped)`: one log-pane line per step. */
function describeStep(step: StepReport, lang: Language): string {
  const title = step.title[lang];
  if (step.status === 'skipped') return `- ${title} (skipped)`;
  if (step.status === 'passed') return `✓ ${title}`;
  const failed = step.expectations.find((outcome) => !outcome.ok);
  const why =
    step.error ??
    (failed === undefined ? '' : `${failed.summary}: expected ${failed.expected}, got ${failed.received}`);
  return `✗ ${title}${why === '' ? '' : `: ${why}`}`;
}
