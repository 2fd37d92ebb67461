import path from 'node:path';
import type { LabConfig } from '../../config/lab-config.js';
import { ExitCode, RtlabError } from '../../errors.js';
import type { ChosenProfile } from '../../runtime/embedded/lab-profiles.js';
import type { LabRuntimeName } from '../../runtime/lab-runtime.js';
import type { LoadedScenario } from '../../scenarios/load/find-scenarios.js';
import { parseScenarioFile } from '../../scenarios/load/parse-scenario-file.js';
import type { RunReport } from '../../scenarios/run/run-report.js';
import type { Language } from '../../scenarios/schema/localized.js';
import { isColorEnabled, type CliContext, type GlobalOptions } from '../cli-context.js';
import { formatLabProgress } from '../format-lab-progress.js';
import { toPrintable } from '../to-printable.js';
import { startLiveView, type LiveView } from './start-live-view.js';
import { watchFileEdits, type FileEdits } from './watch-file-edits.js';
import { formatScenarioReport, writeReport, type DocumentReporter } from './write-scenario-report.js';

export interface RunChosenOptions {
  readonly context: CliContext;
  /** The environment a lab started for the run gives its services (the ports picked for port 0 included). */
  readonly labEnv: Readonly<Record<string, string | undefined>>;
  readonly globals: GlobalOptions;
  readonly config: LabConfig;
  readonly chosen: readonly LoadedScenario[];
  /** `scenario all`: on the learner's running lab, scenarios it cannot run are left out, not refused. */
  readonly all?: boolean;
  readonly lang: Language;
  readonly view: LiveView;
  /** The document to produce, to `out` or stdout. */
  readonly document?: DocumentReporter;
  readonly out?: string;
  readonly bail: boolean;
  readonly timeline: boolean;
  /** `--watch`: this scenario file is run again whenever it changes, against the same lab. */
  readonly watch?: string;
  readonly runtime?: LabRuntimeName;
  /** Date.now() when the command began: the run's times count from it. */
  readonly runStartedAt: number;
}

/** Acquires the lab (attached or started), runs the scenarios (again on each change with --watch), then releases it. */
export async function runChosenScenarios(options: RunChosenOptions): Promise<void> {
  const { context, globals, config, lang } = options;
  const profiles = [...new Set(options.chosen.flatMap(({ scenario }) => scenario.profiles))] as ChosenProfile[];
  const color = isColorEnabled(context.stderr, context.env, globals.color);
  // The lab's MongoDB starts now, while the lab's modules (every service's libraries) load: a
  // lab already running, or another runtime, makes this a no-op.
  const { headStartLabEngine } = await import('../../runtime/lab-mongo/head-start-lab-engine.js');
  const releaseHeadStart = await headStartLabEngine(config, options.runtime ?? 'embedded', context.signal);
  let acquired;
  try {
    const [{ acquireLab }, startLab] = await Promise.all([
      import('../../scenarios/lab/acquire-lab.js'),
      options.runtime === undefined
        ? undefined
        : import('../../runtime/lab-runtime.js').then(({ loadLabRuntime }) => loadLabRuntime(options.runtime!)),
    ]);
    acquired = await acquireLab({
      config,
      profiles,
      env: options.labEnv,
      signal: context.signal,
      runStartedAt: options.runStartedAt,
      startLab,
      scenarios: options.chosen.map(({ scenario }) => scenario),
      leaveOutUnfit: options.all === true,
      onProgress: (progress) => {
        const line = formatLabProgress(progress, color);
        if (line !== undefined) context.stderr.write(`${line}\n`);
      },
    });
  } finally {
    // An engine started ahead that the lab did not take (it attached to a running one) is stopped.
    await releaseHeadStart();
  }
  const [{ runScenarios }, { formatSummary }] = await Promise.all([
    import('../../scenarios/run/run-scenarios.js'),
    import('../../scenarios/report/format-plain.js'),
  ]);
  const reportOnStdout = options.document !== undefined && options.out === undefined;
  let chosen = options.chosen.filter(({ scenario }) => !acquired.leftOut.some((left) => left.scenario === scenario));
  for (const { scenario, why } of acquired.leftOut)
    context.stderr.write(
      `○ ${scenario.id} left out: ${why} (with no lab running, rtlab scenario ${scenario.id} starts one of its own)\n`,
    );
  let startedAt = options.runStartedAt;
  let report: RunReport | undefined;
  // Open before the first run: a save made while a run is under way queues one rerun after it.
  const edits = options.watch === undefined ? undefined : watchFileEdits(options.watch);
  try {
    for (;;) {
      const view = await startLiveView(options.view, context, lang);
      try {
        report = await runScenarios(chosen, {
          lab: acquired.lab,
          env: context.env,
          bail: options.bail,
          signal: context.signal,
          startedAt,
          listener: view.listener,
          beforeStep: view.beforeStep,
        });
      } finally {
        view.close();
      }
      if (options.view !== 'silent') context.stdout.write(toPrintable(formatSummary(report, lang), { newlines: true }));
      if (options.timeline) {
        const [{ toTimeline }, { formatTimeline }] = await Promise.all([
          import('../../scenarios/timeline/build-timeline.js'),
          import('../../scenarios/timeline/format-timeline.js'),
        ]);
        // Beside a report printed on stdout, the timeline goes to stderr: the document stays parseable.
        (reportOnStdout ? context.stderr : context.stdout).write(
          toPrintable(formatTimeline(toTimeline(report), lang), { newlines: true }),
        );
      }
      if (edits === undefined || context.signal.aborted) break;
      // What was last run of the watched file: a save is a text that differs from it.
      const since = chosen.find(({ file }) => file === options.watch)?.text ?? '';
      const next = await waitForEdit(context, edits, options.watch!, since, lang);
      if (next === undefined) break;
      chosen = [next];
      startedAt = Date.now();
    }
  } finally {
    edits?.close();
    await acquired.release();
  }
  if (options.document !== undefined) {
    const text = await formatScenarioReport(options.document, report, lang);
    if (options.out === undefined) context.stdout.write(text);
    else writeReport(context, path.resolve(globals.cwd, options.out), text);
  }
  const failed = !report.passed && !(report.stopped === true && report.scenarios.every(isWithoutFailure));
  if (failed && !context.signal.aborted) context.exitCode = ExitCode.scenarioFailed;
}

function isWithoutFailure(scenario: RunReport['scenarios'][number]): boolean {
  return scenario.steps.every((step) => step.status !== 'failed');
}

/**
 * `--watch`: waits until the file's text differs from the text last run and parses it; a file that
 * does not parse now is reported (file:line:column) and waited on again, the lab kept running.
 * Undefined on Ctrl-C.
 */
async function waitForEdit(
  context: CliContext,
  edits: FileEdits,
  file: string,
  lastRun: string,
  lang: Language,
): Promise<LoadedScenario | undefined> {
  const waiting = {
    es: `\n… esperando cambios en ${file} (Ctrl-C para terminar)\n`,
    en: `\n… watching ${file} for changes (Ctrl-C to stop)\n`,
  };
  context.stdout.write(waiting[lang]);
  let since = lastRun;
  for (;;) {
    const text = await edits.next(since, context.signal);
    if (text === undefined) return undefined;
    since = text;
    try {
      return { file, scenario: parseScenarioFile(file, text), text };
    } catch (error) {
      if (!(error instanceof RtlabError)) throw error;
      context.stdout.write(`✗ ${toPrintable(error.message, { newlines: true })}\n`);
    }
  }
}
