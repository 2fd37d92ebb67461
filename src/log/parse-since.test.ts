import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseDurationMs, parseSince } from './parse-since.js';

describe('parseSince', () => {
  const now = new Date('2026-11-28T12:00:00Z');

  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
  ])('reads the duration %s', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
    expect(parseSince(text, now).getTime()).toBe(now.getTime() - ms);
  });

  it('reads an ISO date', () => {
    expect(parseSince('2026-11-28T10:00:00Z', now).toISOString()).toBe('2026-11-28T10:00:00.000Z');
  });

  it.each(['ten minutes', '10', '-5m', '2026-13-45'])('refuses %s with a usage error', (text) => {
    expect(() => parseSince(text, now)).toThrow(UsageError);
  });
});
