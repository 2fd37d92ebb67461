import { describe, expect, it } from 'vitest';
import { toLocalTime } from './to-local-time.js';

// Dates built from local fields: the same in any time zone the tests run in.
describe('toLocalTime', () => {
  const now = new Date(2026, 10, 29, 15, 30);

  it("shows today's times as the local clock, to the minute", () => {
    expect(toLocalTime(new Date(2026, 10, 29, 9, 5, 59), now)).toBe('09:05');
  });

  it('puts the date in front of an earlier day, so yesterday at 14:05 is not read as today', () => {
    expect(toLocalTime(new Date(2026, 10, 28, 14, 5), now)).toBe('2026-11-28 14:05');
    expect(toLocalTime(new Date(2025, 10, 29, 14, 5), now)).toBe('2025-11-29 14:05');
  });
});
