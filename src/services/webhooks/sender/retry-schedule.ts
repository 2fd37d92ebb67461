/**
 * Waits between attempts, in milliseconds: after the first failure 1 s, then 2 s, 5 s, 10 s and
 * 30 s; six attempts in all. The shape of Svix's schedule (which runs over a day), shortened so
 * that a learner sees a dead letter within a minute. `timeScale` shrinks or stretches it.
 */
export const defaultRetryScheduleMs: readonly number[] = [1000, 2000, 5000, 10_000, 30_000];

/** Retry-After asks for at most this long; a longer wait is capped, not obeyed blindly. */
const maxRetryAfterMs = 60 * 60_000;

export interface NextDelayInput {
  /** The attempt that just failed, from 1. */
  readonly attempt: number;
  readonly schedule: readonly number[];
  readonly timeScale: number;
  /** The receiver's Retry-After header, if it sent one. */
  readonly retryAfter?: string | undefined;
  readonly now: Date;
  readonly random: () => number;
}

/** The wait before the next attempt, or undefined when the schedule is exhausted. */
export function nextDelayMs(input: NextDelayInput): number | undefined {
  const base = input.schedule[input.attempt - 1];
  if (base === undefined) return undefined;
  // ±20 % jitter, so that many failed deliveries do not all come back at the same instant.
  const jittered = base * (0.8 + 0.4 * input.random());
  const asked = parseRetryAfterMs(input.retryAfter, input.now);
  return Math.round(Math.max(jittered, Math.min(asked ?? 0, maxRetryAfterMs)) * input.timeScale);
}

/** Retry-After as seconds (`120`) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** `--retry-schedule 1s,2s,5s`-style lists, as milliseconds. */
export function parseRetrySchedule(
  text: string,
  parseDuration: (part: string) => number | undefined,
): number[] | undefined {
  const parts = text.split(',').map((part) => parseDuration(part.trim()));
  return parts.every((part): part is number => part !== undefined) ? parts : undefined;
}
