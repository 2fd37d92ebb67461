import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentError } from '../../errors.js';
import type { ProbeResult, ReadinessCheck, ReadinessTarget } from './readiness-check.js';

export interface WaitUntilReadyOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Ends the wait early (the service's process exited, say) with the signal's reason. */
  readonly signal?: AbortSignal;
  /** How many of the service's last log lines a timeout quotes. */
  readonly tailLines?: number;
}

/**
 * Polls a check until it passes, within one deadline. A timeout is an environment error (exit 3)
 * that says which service, which check, what it saw last, and the service's last log lines.
 */
export async function waitUntilReady(
  check: ReadinessCheck,
  target: ReadinessTarget,
  options: WaitUntilReadyOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let last: ProbeResult;
  for (;;) {
    options.signal?.throwIfAborted();
    last = await check.probe(target, Math.max(50, Math.min(1000, deadline - Date.now())));
    if (last.ready) return;
    if (Date.now() >= deadline) break;
    await sleep(Math.min(options.intervalMs ?? 50, Math.max(0, deadline - Date.now())));
  }
  options.signal?.throwIfAborted();
  const tail = target.logs?.lines().slice(-(options.tailLines ?? 10)) ?? [];
  const logs =
    tail.length === 0 ? 'It logged nothing.' : `Its last log lines:\n${tail.map((line) => `    ${line}`).join('\n')}`;
  throw new EnvironmentError(
    `${target.service} was not ready within ${timeoutMs / 1000} s: ${last.check} — ${last.detail}. ${logs}`,
    {
      hint: `rtlab tail logs ${target.service} shows its whole log; rtlab doctor checks ports and MongoDB.`,
    },
  );
}
