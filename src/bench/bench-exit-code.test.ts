import { describe, expect, it } from 'vitest';
import { toComparison } from './bench-comparison.js';
import { toBenchExitCode } from './bench-exit-code.js';

const met = toComparison('met', 2, 1, { atLeast: 1.2 });
const missed = toComparison('missed', 1, 1, { atLeast: 1.2 });
const passed = { name: 'nothing lost', passed: true, detail: '0 lost of 10' };
const failed = { name: 'nothing lost', passed: false, detail: '1 lost of 10' };

describe('the exit code of a benchmark', () => {
  it('is 0 when every goal is met and every check passes, strict or not', () => {
    expect(toBenchExitCode({ comparisons: [met], checks: [passed] }, { strict: false })).toBe(0);
    expect(toBenchExitCode({ comparisons: [met], checks: [passed] }, { strict: true })).toBe(0);
  });

  it('is 0 for a missed performance goal, 1 under --strict', () => {
    expect(toBenchExitCode({ comparisons: [met, missed], checks: [passed] }, { strict: false })).toBe(0);
    expect(toBenchExitCode({ comparisons: [met, missed], checks: [passed] }, { strict: true })).toBe(1);
  });

  it('is 1 for a failed correctness check, strict or not', () => {
    expect(toBenchExitCode({ comparisons: [met], checks: [passed, failed] }, { strict: false })).toBe(1);
    expect(toBenchExitCode({ comparisons: [], checks: [failed] }, { strict: true })).toBe(1);
  });
});
