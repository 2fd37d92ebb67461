import { UsageError } from '../errors.js';
import { parseDurationMs } from '../log/parse-since.js';

/**
 * A flag that takes a whole number in a range (`--count 5`). Digits only, exactly as typed: `1e2`,
 * `-5`, `` or ` 5` are refused, with the rule and an example, rather than read as something else.
 */
export function parseWholeNumberFlag(flag: string, text: string, range: { min: number; max?: number }): number {
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < range.min || value > max) {
    const rule = range.max === undefined ? `of at least ${range.min}` : `from ${range.min} to ${range.max}`;
    const example = Math.min(Math.max(10, range.min), max);
    throw new UsageError(`${flag} ${JSON.stringify(text)} must be a whole number ${rule}.`, {
      hint: `Write it in digits only, for example ${flag} ${example}.`,
    });
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

/**
 * A flag that takes a positive decimal number (`--time-scale 0.1`), at most `max`. Plain decimals
 * only: `1e-1`, `0x10`, `Infinity` or ` 0.1` are refused.
 */
export function parsePositiveNumberFlag(
  flag: string,
  text: string,
  rule: { what: string; max?: number; example: string },
): number {
  const value = Number(text);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text) || value <= 0 || (rule.max !== undefined && value > rule.max)) {
    throw new UsageError(
      `${flag} ${JSON.stringify(text)} is not a positive number${rule.max === undefined ? '' : ` up to ${rule.max}`}.`,
      { hint: `Use, for example, ${flag} ${rule.example} ${rule.what}.` },
    );
  }
  return value;
}

/** `--duration 10s`, at least `minimumMs`. */
export function parseDurationFlag(text: string, minimumMs: number): number {
  const durationMs = text.trim() === text ? parseDurationMs(text) : undefined;
  if (durationMs === undefined || durationMs < minimumMs) {
    throw new UsageError(
      `--duration ${JSON.stringify(text)} is not a duration of at least ${minimumMs >= 1000 ? `${minimumMs / 1000}s` : `${minimumMs}ms`}.`,
      { hint: 'Use, for example, --duration 10s.' },
    );
  }
  return durationMs;
}
