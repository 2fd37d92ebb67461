import type { HandlingOutcome } from './wait-for-webhook-outcomes.js';

export interface SendResult {
  readonly id: string;
  readonly type: string;
  readonly delivered: boolean;
  readonly reason?: string;
  readonly attempts: ReadonlyArray<{ statusCode?: number; latencyMs: number; error?: string }>;
  /** How the lab's receiver handled it; absent when not delivered or delivered elsewhere (--to). */
  readonly handling?: HandlingOutcome;
}

/** One line per event of `rtlab webhooks send`: delivered or not, then handled or not. */
export function describeSendResult(result: SendResult, handlingTimeoutMs: number): string {
  const last = result.attempts.at(-1);
  const outcome = `${last?.statusCode ?? last?.error ?? '?'}, ${last?.latencyMs ?? 0} ms, attempt ${result.attempts.length}`;
  const head = `${result.id} ${result.type}`;
  if (!result.delivered) return `✗ ${head} not delivered: ${result.reason} (${outcome})`;
  const handling = result.handling;
  if (handling === undefined) return `✓ ${head} delivered (${outcome})`;
  switch (handling.status) {
    case 'processed':
      return `✓ ${head} delivered (${outcome}) and processed`;
    case 'failed':
      return `✗ ${head} delivered (${outcome}) but the receiver failed to handle it: ${handling.error}`;
    case 'pending':
      return `✗ ${head} delivered (${outcome}) but not handled within ${handlingTimeoutMs / 1000} s (still received)`;
    case 'unknown':
      return `! ${head} delivered (${outcome}); its handling could not be checked: ${handling.reason}`;
  }
}
