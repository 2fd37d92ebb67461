import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/scenarios/report/format-junit.js';
import type { RunReport } from '../../src/scenarios/run/run-report.js';
import { parseXml } from './parse-xml.js';

const title = { es: 'Paso <1> & "más"', en: 'Step <1> & "more"' };

const report: RunReport = {
  startedAt: '2026-11-29T19:00:00.000Z',
  durationMs: 1234,
  lab: 'started',
  passed: false,
  scenarios: [
    {
      id: 'demo',
      file: '/labs/demo.yaml',
      title,
      passed: false,
      startedAtMs: 0,
      durationMs: 1200,
      steps: [
        {
          id: 'ok',
          phase: 'steps',
          title,
          status: 'passed',
          startedAtMs: 0,
          durationMs: 10,
          action: 'http',
          expectations: [],
          logs: {},
        },
        {
          id: 'bad',
          phase: 'steps',
          title,
          status: 'failed',
          startedAtMs: 10,
          durationMs: 300,
          action: 'http',
          expectations: [
            {
              kind: 'http',
              ok: false,
              summary: 'http status 201',
              expected: 'status 201',
              received: 'status 200 {"a":"<b>&"}',
              evidence: [],
              service: 'webhooks-sender',
            },
          ],
          logs: { 'webhooks-sender': ['{"message":"Refused a /send request","reason":"\u0007<x>"}'] },
        },
        {
          id: 'later',
          phase: 'steps',
          title,
          status: 'skipped',
          startedAtMs: 310,
          durationMs: 0,
          action: 'wait',
          expectations: [],
          logs: {},
        },
      ],
    },
  ],
};

describe('the JUnit report', () => {
  it('leaves out the characters XML 1.0 forbids: noncharacters and lone surrogates too', () => {
    const hostile = { ...report, scenarios: [{ ...report.scenarios[0]!, id: 'demo\uFFFE\uFFFF\uD800x\u0007' }] };
    const xml = formatJunit(hostile, 'en');
    expect(xml).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(xml).not.toContain(String.fromCharCode(7));
    expect(xml).not.toMatch(/[\uD800-\uDFFF]/);
    expect(xml).toContain('name="demox"');
  });

  it('parses, counts the steps, and carries each failure with its log lines, whatever characters they hold', () => {
    const root = parseXml(formatJunit(report, 'en'));
    expect(root.attributes).toMatchObject({ tests: '3', failures: '1', skipped: '1', errors: '0' });
    const [suite] = root.children;
    expect(suite!.attributes).toMatchObject({ name: 'demo', tests: '3', failures: '1', skipped: '1' });
    expect(suite!.children.map((testcase) => testcase.attributes['name'])).toEqual([
      'ok: Step <1> & "more"',
      'bad: Step <1> & "more"',
      'later: Step <1> & "more"',
    ]);
    const failure = suite!.children[1]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attributes['message']).toBe('http status 201');
    expect(suite!.children[2]!.children[0]!.name).toBe('skipped');
  });
});
