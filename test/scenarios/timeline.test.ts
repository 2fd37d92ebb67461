import { describe, expect, it } from 'vitest';
import { formatScenarioReport } from '../../src/cli/scenario/write-scenario-report.js';
import { formatStep } from '../../src/scenarios/report/format-plain.js';
import { toTimeline } from '../../src/scenarios/timeline/build-timeline.js';
import { formatTimeline } from '../../src/scenarios/timeline/format-timeline.js';
import { failedStep, sampleReport } from './sample-run-report.js';

describe('the timeline of a run', () => {
  it('puts each action and each piece of evidence in time order, in its service, with the ids that tie them', () => {
    const timeline = toTimeline(sampleReport);
    expect(timeline.entries.map((entry) => [entry.atMs, entry.type, entry.lane, entry.stepId])).toEqual([
      [1000, 'action', 'runner', 'send'],
      [1250, 'evidence', 'webhooks-receiver', 'send'],
      [1300, 'evidence', 'ws-server', 'send'],
      [1390, 'evidence', 'runner', 'send'],
      [1500, 'action', 'runner', 'stored'],
      [1790, 'evidence', 'mongo', 'stored'],
      [1800, 'failure', 'mongo', 'stored'],
    ]);
    expect(timeline.entries[2]!.ids).toEqual(['ord_1', 'msg_1']);
    expect(timeline.entries[1]!.ids).toEqual(['msg_1']);
  });

  it('prints, with --timeline, times since the start, the service, the evidence and what a failure lacked', () => {
    const text = formatTimeline(toTimeline(sampleReport), 'en');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('Timeline (ms since the start)');
    expect(lines[1]).toBe('  demo');
    expect(lines[2]).toMatch(/^ +\+1000 ms {2}runner +▶ send \(http, 400 ms\) {2}Trigger the sender$/);
    expect(lines[3]).toMatch(
      /^ +\+1250 ms {2}webhooks-receiver +✓ log webhooks-receiver "Handling order\.created event": Handling order\.created event {2}eventId=msg_1 status=202 {2}\[msg_1\]$/,
    );
    expect(text).toMatch(/\+1800 ms {2}mongo +✗ mongo orders .*: expected orders .*; received none of 1 matches/);
    expect(formatTimeline(toTimeline(sampleReport), 'es')).toContain('Línea de tiempo (ms desde el inicio)');
  });
});

describe('the JSON report', () => {
  it('always carries the timeline beside the steps', async () => {
    const json = JSON.parse(await formatScenarioReport('json', sampleReport, 'en')) as {
      lang: string;
      passed: boolean;
      timeline: { lanes: string[]; entries: { atMs: number; lane: string; ids: string[] }[] };
    };
    expect(json).toMatchObject({ lang: 'en', passed: false });
    expect(json.timeline.lanes).toEqual(['runner', 'webhooks-receiver', 'ws-server', 'mongo']);
    expect(json.timeline.entries[1]).toMatchObject({ atMs: 1250, lane: 'webhooks-receiver', ids: ['msg_1'] });
  });
});

describe("a failed step's log lines", () => {
  it('read as time, service, level, message and fields, not as JSON; other lines as written', () => {
    const text = formatStep(failedStep, 'en');
    expect(text).toMatch(
      /last lines of webhooks-receiver:\n {10}\d\d:\d\d:\d\d\.250 webhooks-receiver info {2}Handling order\.created event eventId=msg_1 status=202\n {10}\d\d:\d\d:\d\d\.\d{3} webhooks-receiver info {2}a line that is not JSON\n/,
    );
    expect(text).not.toContain('{"timestamp"');
  });
});
