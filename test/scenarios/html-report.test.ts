import { describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/scenarios/report/format-html.js';
import { parseXml, type XmlElement } from './parse-xml.js';
import { passedStep, sampleReport } from './sample-run-report.js';

function elements(root: XmlElement, name: string): XmlElement[] {
  return root.children.flatMap((child) => [...(child.name === name ? [child] : []), ...elements(child, name)]);
}

/** The page as a parser reads it (the doctype aside, it is well-formed XML). */
function parsePage(html: string): XmlElement {
  expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
  return parseXml(html.slice('<!DOCTYPE html>\n'.length));
}

describe('the HTML report', () => {
  it('parses, and has a lane per service involved, the runner first', () => {
    const page = parsePage(formatHtml(sampleReport, 'en'));
    const lanes = elements(page, 'th').flatMap((th) => th.attributes['data-lane'] ?? []);
    expect(lanes).toEqual(['runner', 'webhooks-receiver', 'ws-server', 'mongo']);
  });

  it('marks the failing step in red with what was expected and received, its last log lines and the document', () => {
    const html = formatHtml(sampleReport, 'en');
    const page = parsePage(html);
    const rows = elements(page, 'tr');
    const steps = rows.filter((row) => row.attributes['class']?.startsWith('step '));
    expect(steps.map((row) => [row.attributes['data-step'], row.attributes['class']])).toEqual([
      ['send', 'step passed'],
      ['stored', 'step failed'],
    ]);
    expect(html).toContain('The order &lt;stored&gt; &amp; &quot;ready&quot;');
    expect(html).toMatch(
      /received: none of 1 matches: status: expected &quot;paid&quot;, received &quot;created&quot;/,
    );
    // The receiver's last lines, readable; the document that did not match, in full.
    expect(html).toMatch(
      /\d\d:\d\d:\d\d\.250 webhooks-receiver info {2}Handling order\.created event eventId=msg_1 status=202/,
    );
    expect(html).toContain('a line that is not JSON');
    expect(html).toContain('&quot;status&quot;: &quot;created&quot;');
    const bad = elements(page, 'div').filter((div) => div.attributes['class'] === 'entry bad');
    expect(bad.length).toBeGreaterThan(0);
    // The skipped step is not drawn as run.
    expect(html).not.toContain('data-step="later"');
  });

  it("draws a chain's hops as arrows from the lane of the hop before each", () => {
    const hop = (atMs: number, lane: string, from: string, index: number) => ({
      atMs,
      value: { eventId: 'msg_1' },
      lane,
      from,
      what: `chain msg_1 · hop ${index}/3`,
    });
    const chained = {
      ...sampleReport,
      scenarios: [
        {
          ...sampleReport.scenarios[0]!,
          steps: [
            {
              ...passedStep,
              expectations: [
                {
                  kind: 'chain' as const,
                  ok: true,
                  summary: 'chain msg_1',
                  expected: '3 hops',
                  received: '3 hops',
                  evidence: [
                    hop(1100, 'mongo', 'runner', 1),
                    hop(1200, 'webhooks-receiver', 'mongo', 2),
                    hop(1300, 'ws-server', 'webhooks-receiver', 3),
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const page = parsePage(formatHtml(chained, 'en'));
    const lanes = elements(page, 'th').flatMap((th) => th.attributes['data-lane'] ?? []);
    expect(lanes).toEqual(['runner', 'mongo', 'webhooks-receiver', 'ws-server']);
    const hopRows = elements(page, 'tr').filter((row) => row.attributes['class'] === 'evidence');
    // Each row: the cells of its lanes (the time cell aside), an arrow segment or the hop's entry.
    const drawn = hopRows.map((row) =>
      row.children.slice(1).map((cell) => cell.attributes['class'] ?? (cell.children.length > 0 ? 'entry' : '')),
    );
    expect(drawn).toEqual([
      ['arrow from-left', 'lane', '', ''],
      ['', 'arrow from-left', 'lane', ''],
      ['', '', 'arrow from-left', 'lane'],
    ]);
    expect(formatHtml(chained, 'en')).toContain('⟶ ✓ chain msg_1 · hop 2/3');
  });

  it('is one self-contained page: nothing fetched from the network or another file', () => {
    const html = formatHtml(sampleReport, 'es');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/1999\/xhtml)/);
    expect(html).toContain('<style>');
    expect(html).toContain('lang="es"');
  });
});
