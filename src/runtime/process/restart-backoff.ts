/** The first wait before a crashed service is started again; each crash in a row doubles it. */
export const firstRestartDelayMs = 500;
/** The longest wait: a service that keeps crashing is still retried every 10 s. */
export const maxRestartDelayMs = 10_000;
/** A service that ran this long before it crashed is starting afresh: its next wait is the first one. */
export const healthyUptimeMs = 60_000;

/**
 * The wait before restarting a service after `crashesInARow` crashes (0 for the first):
 * 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s — quick for a one-off crash, without spinning on one
 * that fails at every start (a broken build under --watch, a lost database).
 */
export function toRestartDelayMs(crashesInARow: number): number {
  return Math.min(maxRestartDelayMs, firstRestartDelayMs * 2 ** Math.max(0, crashesInARow));
}
