import { describe, expect, it } from 'vitest';
import { defaultRetryScheduleMs, nextDelayMs, parseRetryAfterMs, parseRetrySchedule } from './retry-schedule.js';

const now = new Date('2026-11-29T10:00:00Z');
/** The input for "attempt N failed" with no jitter (random() = 0.5 is the schedule's own value). */
function after(attempt: number, overrides: Partial<Parameters<typeof nextDelayMs>[0]> = {}) {
  return nextDelayMs({ attempt, schedule: defaultRetryScheduleMs, timeScale: 1, now, random: () => 0.5, ...overrides });
}

describe('retry delays', () => {
  it('waits 1 s, 2 s, 5 s, 10 s, 30 s after the first five failures, then gives up (six attempts)', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => after(attempt))).toEqual([1000, 2000, 5000, 10_000, 30_000]);
    expect(after(6)).toBeUndefined();
  });

  it('spreads retries ±20 % around the schedule, never outside it', () => {
    expect(after(1, { random: () => 0 })).toBe(800);
    expect(after(1, { random: () => 0.999_999 })).toBe(1200);
    expect(after(3, { random: () => 0.25 })).toBe(4500);
  });

  it('shrinks or stretches the whole wait by timeScale, jitter included', () => {
    expect(after(2, { timeScale: 0.01 })).toBe(20);
    expect(after(2, { timeScale: 0.01, random: () => 0 })).toBe(16);
    expect(after(5, { timeScale: 2 })).toBe(60_000);
  });

  it('obeys a longer Retry-After (seconds or an HTTP date), and ignores a shorter one', () => {
    expect(after(1, { retryAfter: '120' })).toBe(120_000);
    expect(after(1, { retryAfter: '0' })).toBe(1000);
    expect(after(1, { retryAfter: 'Sun, 29 Nov 2026 10:00:45 GMT' })).toBe(45_000);
    expect(after(5, { retryAfter: '3' })).toBe(30_000);
    // Retry-After is scaled like the schedule, so a fast test lab is not held up by a real header.
    expect(after(1, { retryAfter: '120', timeScale: 0.001 })).toBe(120);
  });

  it('caps Retry-After at an hour rather than obeying a receiver that asks for days', () => {
    expect(after(1, { retryAfter: String(7 * 24 * 3600) })).toBe(3_600_000);
  });

  it('falls back to the schedule when Retry-After is unreadable or in the past', () => {
    for (const retryAfter of ['', '  ', 'soon', 'Sun, 29 Nov 2026 09:00:00 GMT'])
      expect(after(2, { retryAfter })).toBe(2000);
  });

  it('stops after the last step of a custom schedule', () => {
    expect(nextDelayMs({ attempt: 1, schedule: [50], timeScale: 1, now, random: () => 0.5 })).toBe(50);
    expect(nextDelayMs({ attempt: 2, schedule: [50], timeScale: 1, now, random: () => 0.5 })).toBeUndefined();
    expect(nextDelayMs({ attempt: 1, schedule: [], timeScale: 1, now, random: () => 0.5 })).toBeUndefined();
  });
});

describe('Retry-After', () => {
  it('reads whole seconds (spaces allowed) and dates relative to now', () => {
    expect(parseRetryAfterMs(' 7 ', now)).toBe(7000);
    expect(parseRetryAfterMs('Sun, 29 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfterMs('Sun, 29 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('later', now)).toBeUndefined();
  });
});

describe('--retry-schedule lists', () => {
  const seconds = (part: string) => (/^\d+s$/.test(part) ? Number(part.slice(0, -1)) * 1000 : undefined);

  it('reads each step, in order, around spaces', () => {
    expect(parseRetrySchedule('1s, 2s,5s', seconds)).toEqual([1000, 2000, 5000]);
  });

  it('refuses the whole list when one step is not a duration', () => {
    expect(parseRetrySchedule('1s,soon,5s', seconds)).toBeUndefined();
    expect(parseRetrySchedule('1s,,5s', seconds)).toBeUndefined();
  });
});
