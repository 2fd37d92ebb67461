import type { Language, Localized } from '../schema/localized.js';
import type { RunListener, RunReport, StepReport } from '../run/run-report.js';
import { toReadableLogLines } from './format-log-lines.js';
import { pick, say, sayCount } from './messages.js';

const lastLinesShown = 8;

/** The plain reporter: a line per step as it finishes (✓, ✗ or -, with its duration), details of each failure, a summary. */
export function createPlainListener(write: (text: string) => void, lang: Language): RunListener {
  return {
    scenarioStarted: (scenario) => write(formatScenarioHeading(scenario, lang)),
    stepFinished: (step) => write(formatStep(step, lang)),
    scenarioFinished: () => undefined,
  };
}

/** The line that opens a scenario's steps. */
export function formatScenarioHeading(scenario: { id: string; title: Localized }, lang: Language): string {
  return `\n▶ ${scenario.id} — ${pick(scenario.title, lang)}\n`;
}

export interface FormatStepOptions {
  /** List the expectations that held too (the guided mode's "what was checked"), not only the failed ones. */
  readonly everyCheck?: boolean;
}

/** A finished step: its line, then each failed (or every) expectation, then the involved services' last log lines. */
export function formatStep(step: StepReport, lang: Language, options: FormatStepOptions = {}): string {
  const phase = step.phase === 'steps' ? '' : `[${step.phase}] `;
  if (step.status === 'skipped')
    return `  - ${phase}${step.id}  ${pick(step.title, lang)}  (${say('skipped', lang)})\n`;
  const mark = step.status === 'passed' ? '✓' : '✗';
  const lines = [`  ${mark} ${phase}${step.id}  ${pick(step.title, lang)}  (${step.durationMs} ms)`];
  if (step.error !== undefined) lines.push(`      ✗ ${say('error', lang)}: ${step.error}`);
  for (const outcome of step.expectations) {
    if (outcome.ok) {
      if (options.everyCheck === true) lines.push(`      ✓ ${outcome.summary}`);
      continue;
    }
    lines.push(
      `      ✗ ${outcome.summary}`,
      `        ${say('expected', lang)}: ${outcome.expected}`,
      `        ${say('received', lang)}: ${outcome.received}`,
    );
  }
  for (const [service, logLines] of Object.entries(step.logs)) {
    lines.push(`        ${say('lastLines', lang)} ${service}:`);
    const shown = logLines.slice(-lastLinesShown);
    if (shown.length === 0) lines.push(`          ${say('noLines', lang)}`);
    for (const line of toReadableLogLines(service, shown)) lines.push(`          ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The last line: how many scenarios and steps passed, failed and were skipped, and the run's time. */
export function formatSummary(report: RunReport, lang: Language): string {
  const steps = report.scenarios.flatMap((scenario) => scenario.steps);
  const count = (status: StepReport['status']) => steps.filter((step) => step.status === status).length;
  const failedScenarios = report.scenarios.filter((scenario) => !scenario.passed).length;
  const seconds = (report.durationMs / 1000).toFixed(1);
  const stepCounts = `${say('steps', lang)}: ${sayCount(count('passed'), 'passed', lang)}, ${sayCount(count('failed'), 'failed', lang)}, ${sayCount(count('skipped'), 'skippedCount', lang)} ${say('in', lang)} ${seconds} s`;
  // A guided run the learner stopped (q) is neither passed nor failed as a scenario.
  if (report.stopped === true) return `\n${count('failed') === 0 ? '■' : '✗'} ${say('stopped', lang)}; ${stepCounts}\n`;
  return `\n${report.passed ? '✓' : '✗'} ${say('scenarios', lang)}: ${sayCount(report.scenarios.length - failedScenarios, 'passed', lang)}, ${sayCount(failedScenarios, 'failed', lang)}; ${stepCounts}\n`;
}
