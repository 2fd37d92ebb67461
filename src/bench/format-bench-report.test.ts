import { describe, expect, it } from 'vitest';
import { toComparison } from './bench-comparison.js';
import { formatBenchReport } from './format-bench-report.js';

describe('a benchmark report for a reader', () => {
  it('is a table with a header row, one row per goal with ✓ or ✗, then the checks', () => {
    const text = formatBenchReport(
      {
        comparisons: [
          toComparison('whole path ÷ seed-style, events/s', 1500, 1000, { atLeast: 1.2 }),
          toComparison('p99 lab ÷ raw, ms', 4, 2, { atMost: 1.5 }),
        ],
        checks: [{ name: 'every acknowledged event is stored', passed: true, detail: '10 stored of 10 acknowledged' }],
      },
      { color: false },
    );
    expect(text.split('\n')).toEqual([
      'comparison                         measured  baseline  ratio    goal  met',
      'whole path ÷ seed-style, events/s      1500      1000  1.50×  ≥ 1.2×    ✓',
      'p99 lab ÷ raw, ms                      4.00      2.00  2.00×  ≤ 1.5×    ✗',
      '',
      '✓ every acknowledged event is stored: 10 stored of 10 acknowledged',
    ]);
  });

  it('colours a met goal green and a missed one red when colour is on', () => {
    const text = formatBenchReport(
      { comparisons: [toComparison('a', 2, 1, { atLeast: 1 }), toComparison('b', 1, 2, { atLeast: 1 })], checks: [] },
      { color: true },
    );
    const [, good, bad] = text.split('\n');
    const escape = String.fromCharCode(27);
    expect(good!.startsWith(`${escape}[32m`) && good!.endsWith(`✓${escape}[39m`)).toBe(true);
    expect(bad!.startsWith(`${escape}[31m`) && bad!.endsWith(`✗${escape}[39m`)).toBe(true);
  });
});
