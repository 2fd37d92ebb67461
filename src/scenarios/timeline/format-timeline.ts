import { pick, say } from '../report/messages.js';
import type { Language } from '../schema/localized.js';
import type { Timeline } from './build-timeline.js';
import { describeEvidence } from './describe-evidence.js';
import { formatIds } from './format-ids.js';

const heading = {
  es: 'Línea de tiempo (ms desde el inicio)',
  en: 'Timeline (ms since the start)',
};

/**
 * `--timeline`: after the run, each action and the evidence that decided each expectation, in
 * time order, with the service it happened in and the ids that tie the hops together.
 */
export function formatTimeline(timeline: Timeline, lang: Language): string {
  const laneWidth = Math.max(...timeline.lanes.map((lane) => lane.length));
  const titles = new Map(timeline.steps.map((step) => [`${step.scenarioId}/${step.stepId}`, step.title]));
  const lines = [`\n${pick(heading, lang)}`];
  let scenario: string | undefined;
  for (const entry of timeline.entries) {
    if (entry.scenarioId !== scenario) {
      scenario = entry.scenarioId;
      lines.push(`  ${scenario}`);
    }
    const at = `+${entry.atMs}`.padStart(8);
    const lane = entry.lane.padEnd(laneWidth);
    const ids = entry.ids.length === 0 ? '' : `  ${formatIds(entry.ids)}`;
    if (entry.type === 'action') {
      const title = titles.get(`${entry.scenarioId}/${entry.stepId}`);
      lines.push(
        `  ${at} ms  ${lane}  ▶ ${entry.stepId} (${entry.what}, ${entry.durationMs} ms)${title === undefined ? '' : `  ${pick(title, lang)}`}${ids}`,
      );
      continue;
    }
    const mark = entry.ok ? '✓' : '✗';
    const shown = entry.type === 'failure' ? describeFailure(entry.value, lang) : describeEvidence(entry.value);
    lines.push(`  ${at} ms  ${lane}    ${mark} ${entry.what}${shown === '' ? '' : `: ${shown}`}${ids}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeFailure(value: unknown, lang: Language): string {
  const { expected, received } = value as { expected: string; received: string };
  return `${say('expected', lang)} ${expected}; ${say('received', lang)} ${received}`;
}
