import type { Language } from '../schema/localized.js';
import type { RunReport, StepReport } from '../run/run-report.js';
import { escapeXml as escape } from './escape-xml.js';
import { pick } from './messages.js';

/**
 * JUnit XML, as CI systems read it: a testsuite per scenario, a testcase per step (skipped
 * steps as <skipped/>), each failure with what was expected, what was received, and the
 * service's last log lines.
 */
export function formatJunit(report: RunReport, lang: Language): string {
  const all = report.scenarios.flatMap((scenario) => scenario.steps);
  const failures = all.filter((step) => step.status === 'failed').length;
  const skipped = all.filter((step) => step.status === 'skipped').length;
  const suites = report.scenarios.map((scenario) => {
    const failed = scenario.steps.filter((step) => step.status === 'failed').length;
    const skippedHere = scenario.steps.filter((step) => step.status === 'skipped').length;
    const cases = scenario.steps.map((step) => formatCase(scenario.id, step, lang)).join('');
    return `  <testsuite name="${escape(scenario.id)}" tests="${scenario.steps.length}" failures="${failed}" errors="0" skipped="${skippedHere}" time="${seconds(scenario.durationMs)}" timestamp="${escape(report.startedAt)}" file="${escape(scenario.file)}">\n${cases}  </testsuite>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rtlab scenarios" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}">\n${suites.join('')}</testsuites>\n`;
}

function formatCase(scenarioId: string, step: StepReport, lang: Language): string {
  const open = `    <testcase classname="${escape(scenarioId)}" name="${escape(`${step.id}: ${pick(step.title, lang)}`)}" time="${seconds(step.durationMs)}"`;
  if (step.status === 'passed') return `${open}/>\n`;
  if (step.status === 'skipped') return `${open}>\n      <skipped/>\n    </testcase>\n`;
  const failed = step.expectations.filter((outcome) => !outcome.ok);
  const message = step.error ?? failed.map((outcome) => outcome.summary).join('; ');
  const details = [
    ...(step.error === undefined ? [] : [step.error]),
    ...failed.map((outcome) => `${outcome.summary}\n  expected: ${outcome.expected}\n  received: ${outcome.received}`),
    ...Object.entries(step.logs).map(([service, lines]) => `last lines of ${service}:\n${lines.join('\n')}`),
  ].join('\n');
  return `${open}>\n      <failure message="${escape(message)}" type="expectation">${escape(details)}</failure>\n    </testcase>\n`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
