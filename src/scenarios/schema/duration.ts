import { z } from 'zod';

const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/** `500ms`, `2s`, `1.5s`, `1m`, or a number of milliseconds. */
export const durationSchema = z
  .union([
    z.number().int().nonnegative(),
    z.string().regex(/^\d+(\.\d+)?(ms|s|m)$/, { error: 'must be a duration such as 500ms, 5s or 1m' }),
  ])
  .transform((value) => (typeof value === 'number' ? value : parseDuration(value)));

/** A duration as `durationSchema` accepts it, in milliseconds. */
export function parseDuration(text: string): number {
  const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text) ?? [];
  if (amount === undefined || unit === undefined) throw new Error(`Not a duration: ${text}`);
  return Math.round(Number(amount) * units[unit]!);
}
