import { describe, expect, it } from 'vitest';
import { toComparison, toGoalText } from './bench-comparison.js';

describe('a benchmark comparison', () => {
  it('is the ratio of measured to baseline, checked against an at-least goal', () => {
    expect(toComparison('whole path ÷ seed-style, events/s', 1500, 1000, { atLeast: 1.2 })).toEqual({
      name: 'whole path ÷ seed-style, events/s',
      measured: 1500,
      baseline: 1000,
      ratio: 1.5,
      goal: { atLeast: 1.2 },
      met: true,
    });
    expect(toComparison('x', 1100, 1000, { atLeast: 1.2 }).met).toBe(false);
    expect(toComparison('x', 1200, 1000, { atLeast: 1.2 }).met).toBe(true);
  });

  it('checks an at-most goal, as for latency', () => {
    expect(toComparison('p99, ms', 30, 20, { atMost: 1.5 })).toMatchObject({ ratio: 1.5, met: true });
    expect(toComparison('p99, ms', 31, 20, { atMost: 1.5 })).toMatchObject({ ratio: 1.55, met: false });
  });

  it('has no ratio, and misses its goal, when the baseline measured nothing', () => {
    expect(toComparison('x', 10, 0, { atLeast: 0.5 })).toMatchObject({ ratio: null, met: false });
    expect(toComparison('x', 0, 0, { atMost: 1.5 })).toMatchObject({ ratio: null, met: false });
  });

  it('writes goals as a reader expects them', () => {
    expect(toGoalText({ atLeast: 0.65 })).toBe('≥ 0.65×');
    expect(toGoalText({ atMost: 1.5 })).toBe('≤ 1.5×');
  });
});
