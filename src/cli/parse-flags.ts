import { UsageError } from '../errors.js';
import { parseDurationMs } from '../log/parse-since.js';

/** A flag that takes a whole number in a range (`--count 5`); digits only, so `1e2` or `` are refused. */
export function parseWholeNumberFlag(flag: string, text: string, range: { min: number; max?: number }): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < range.min || (range.max !== undefined && value > range.max)) {
    const rule = range.max === undefined ? `of at least ${range.min}` : `from ${range.min} to ${range.max}`;
    throw new UsageError(`${flag} ${JSON.stringify(text)} must be a whole number ${rule}.`);
  }
  return value;
}

/** `--port`: 0 to 65535, where 0 picks a free port. */
export function parsePortFlag(text: string): number {
  try {
    return parseWholeNumberFlag('--port', text, { min: 0, max: 65535 });
  } catch (error) {
    throw new UsageError((error as Error).message, { hint: 'Use a port from 1 to 65535, or 0 for any free port.' });
  }
}

/** `--duration 10s`, at least `minimumMs`. */
export function parseDurationFlag(text: string, minimumMs: number): number {
  const durationMs = parseDurationMs(text);
  if (durationMs === undefined || durationMs < minimumMs) {
    throw new UsageError(
      `--duration ${JSON.stringify(text)} is not a duration of at least ${minimumMs >= 1000 ? `${minimumMs / 1000}s` : `${minimumMs}ms`}.`,
      { hint: 'Use, for example, --duration 10s.' },
    );
  }
  return durationMs;
}
