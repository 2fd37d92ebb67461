import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseDurationFlag, parsePortFlag, parsePositiveNumberFlag, parseWholeNumberFlag } from './parse-flags.js';

describe('flag parsing', () => {
  it('reads whole numbers in range and refuses anything else with the rule', () => {
    expect(parseWholeNumberFlag('--limit', '20', { min: 1, max: 100 })).toBe(20);
    for (const text of ['0', '101', '1e2', '', '2.5', '-3', 'ten']) {
      expect(() => parseWholeNumberFlag('--limit', text, { min: 1, max: 100 })).toThrow(
        `--limit ${JSON.stringify(text)} must be a whole number from 1 to 100.`,
      );
    }
    // Nothing is trimmed or read in another base: what is typed is what is checked.
    for (const text of [' 20', '20 ', '0x10', '+5'])
      expect(() => parseWholeNumberFlag('--limit', text, { min: 1, max: 100 })).toThrow(UsageError);
    try {
      parseWholeNumberFlag('--lines', '-5', { min: 0 });
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).hint).toBe('Write it in digits only, for example --lines 10.');
    }
    expect(() => parseWholeNumberFlag('--documents', '0', { min: 1 })).toThrow(
      '--documents "0" must be a whole number of at least 1.',
    );
  });

  it('reads ports, 0 included, with a hint when wrong', () => {
    expect(parsePortFlag('0')).toBe(0);
    expect(parsePortFlag('27018')).toBe(27018);
    try {
      parsePortFlag('70000');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe('--port "70000" must be a whole number from 0 to 65535.');
      expect((error as UsageError).hint).toMatch(/0 for any free port/);
    }
  });

  it('reads durations above a minimum', () => {
    expect(parseDurationFlag('10s', 2000)).toBe(10_000);
    expect(() => parseDurationFlag('1s', 2000)).toThrow('--duration "1s" is not a duration of at least 2s.');
    expect(() => parseDurationFlag('soon', 800)).toThrow('--duration "soon" is not a duration of at least 800ms.');
    expect(() => parseDurationFlag(' 10s', 800)).toThrow('--duration " 10s" is not a duration of at least 800ms.');
  });

  it('reads positive decimals, plain ones only', () => {
    const rule = { what: 'for retries ten times faster', example: '0.1' };
    expect(parsePositiveNumberFlag('--time-scale', '0.1', rule)).toBe(0.1);
    expect(parsePositiveNumberFlag('--time-scale', '2', rule)).toBe(2);
    for (const text of ['0', '-1', '1e-1', 'Infinity', ' 0.1', '0x10', ''])
      expect(() => parsePositiveNumberFlag('--time-scale', text, rule)).toThrow(
        `--time-scale ${JSON.stringify(text)} is not a positive number.`,
      );
  });
});
