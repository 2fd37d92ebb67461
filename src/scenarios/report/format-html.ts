import type { RunReport } from '../run/run-report.js';
import type { Language } from '../schema/localized.js';
import { toTimeline, type StepTimeline, type Timeline, type TimelineEntry } from '../timeline/build-timeline.js';
import { describeEvidence } from '../timeline/describe-evidence.js';
import { formatIds } from '../timeline/format-ids.js';
import { escapeXml as escape } from './escape-xml.js';
import { toReadableLogLines } from './format-log-lines.js';
import { htmlStyle } from './html-style.js';
import { pick, say } from './messages.js';

/**
 * `--reporter html`: one self-contained page (inline CSS, nothing fetched) that a learner or a
 * CI reviewer opens instead of reading logs. A column (lane) per service involved, the runner's
 * actions and every piece of evidence in time order, each step's failures in red with what was
 * expected and received, the services' last log lines and the documents involved. The markup is
 * well-formed XML too, so any parser reads it.
 */
export function formatHtml(report: RunReport, lang: Language): string {
  const timeline = toTimeline(report);
  const steps = report.scenarios.flatMap((scenario) => scenario.steps);
  const count = (status: string) => steps.filter((step) => step.status === status).length;
  const verdict = report.passed ? 'passed' : 'failed';
  const head = `<tr><th class="time">ms</th>${timeline.lanes.map((lane) => `<th data-lane="${escape(lane)}">${escape(lane)}</th>`).join('')}</tr>`;
  const rows = toRows(timeline, lang);
  return `<!DOCTYPE html>
<html lang="${lang}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8"/>
<title>rtlab scenarios: ${verdict}</title>
<style>${htmlStyle}</style>
</head>
<body>
<h1>rtlab: ${escape(report.scenarios.map((scenario) => scenario.id).join(', '))}</h1>
<p class="summary"><span class="${verdict}">${report.passed ? '✓' : '✗'} ${verdict}</span> · ${say('steps', lang)}: ${count('passed')} ${say('passed', lang)}, ${count('failed')} ${say('failed', lang)}, ${count('skipped')} ${say('skippedCount', lang)} · ${(report.durationMs / 1000).toFixed(1)} s · ${escape(report.startedAt)}</p>
<table class="timeline">
<thead>${head}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}

function toRows(timeline: Timeline, lang: Language): string[] {
  const columns = timeline.lanes.length;
  const rows: string[] = [];
  const entriesOf = (step: StepTimeline) =>
    timeline.entries.filter((entry) => entry.scenarioId === step.scenarioId && entry.stepId === step.stepId);
  for (const step of timeline.steps) {
    rows.push(
      `<tr class="step ${step.status}" data-scenario="${escape(step.scenarioId)}" data-step="${escape(step.stepId)}"><td class="time">+${step.startedAtMs}</td><td colspan="${columns}">${step.status === 'passed' ? '✓' : '✗'} ${escape(step.scenarioId)} · ${escape(step.stepId)}: ${escape(pick(step.title, lang))} (${step.durationMs} ms)${formatLogs(step, lang)}</td></tr>`,
    );
    for (const entry of entriesOf(step)) {
      const lane = timeline.lanes.indexOf(entry.lane);
      const from = entry.from === undefined ? lane : timeline.lanes.indexOf(entry.from);
      const cells = Array.from({ length: columns }, (_, index) => {
        if (index === lane) return formatEntry(entry, lang, Math.sign(lane - from));
        // A chain's hop: a line across the lanes from the hop before it to this one.
        const between = from >= 0 && index >= Math.min(from, lane) && index <= Math.max(from, lane);
        if (!between) return '<td></td>';
        return `<td class="arrow${index !== from ? '' : from < lane ? ' from-left' : ' from-right'}"></td>`;
      });
      rows.push(`<tr class="${entry.type}"><td class="time">+${entry.atMs}</td>${cells.join('')}</tr>`);
    }
  }
  return rows;
}

/** `arrow`: the side a chain's arrow comes from (1 from the left, -1 from the right, 0 none). */
function formatEntry(entry: TimelineEntry, lang: Language, arrow: number): string {
  const kind = entry.type === 'action' ? 'action' : entry.ok ? 'ok' : 'bad';
  const head = arrow > 0 ? '⟶ ' : arrow < 0 ? '⟵ ' : '';
  const mark = `${head}${entry.type === 'action' ? '▶' : entry.ok ? '✓' : '✗'}`;
  const title = entry.type === 'action' ? `${entry.stepId}: ${entry.what} (${entry.durationMs} ms)` : entry.what;
  const ids = entry.ids.length === 0 ? '' : ` <span class="ids">${escape(formatIds(entry.ids))}</span>`;
  let body = '';
  if (entry.type === 'failure') {
    const { expected, received } = entry.value as { expected: string; received: string };
    body = `<div class="failure"><pre>${escape(`${say('expected', lang)}: ${expected}\n${say('received', lang)}: ${received}`)}</pre></div>`;
  } else if (entry.value !== undefined) {
    body = `<details${entry.ok ? '' : ' open="open"'}><summary>${escape(describeEvidence(entry.value, 120))}</summary><pre>${escape(JSON.stringify(entry.value, null, 2) ?? '')}</pre></details>`;
  }
  return `<td class="lane" data-lane="${escape(entry.lane)}"><div class="entry ${kind}">${mark} ${escape(title)}${ids}${body}</div></td>`;
}

function formatLogs(step: StepTimeline, lang: Language): string {
  return Object.entries(step.logs)
    .map(
      ([service, lines]) =>
        `<div class="failure"><div>${escape(say('lastLines', lang))} ${escape(service)}:</div><pre>${escape(toReadableLogLines(service, lines).join('\n') || say('noLines', lang))}</pre></div>`,
    )
    .join('');
}
