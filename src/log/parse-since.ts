import { UsageError } from '../errors.js';

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `500ms`, `30s`, `10m`, `1h30m` or `2d`, in milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (unitMs[unit ?? 's'] ?? 0);
  }
  return total;
}

/** `--since`: a duration back from now (`10m`) or a date and time (`2026-11-28T10:00:00Z`). */
export function parseSince(text: string, now: Date): Date {
  const durationMs = parseDurationMs(text);
  if (durationMs !== undefined) return new Date(now.getTime() - durationMs);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(`--since ${JSON.stringify(text)} is neither a duration nor a date.`, {
    hint: 'Use a duration such as 30s, 10m or 1h30m, or an ISO date such as 2026-11-28T10:00:00Z.',
  });
}
