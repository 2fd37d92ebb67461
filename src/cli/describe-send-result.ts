import type { HandlingOutcome } from './wait-for-webhook-outcomes.js';

export interface SendResult {
  readonly id: string;
  readonly type: string;
  /** The order the event is about (`data.orderId`), when it names one. */
  readonly orderId?: string;
  readonly delivered: boolean;
  readonly reason?: string;
  readonly attempts: ReadonlyArray<{ statusCode?: number; latencyMs: number; error?: string }>;
  /** How the lab's receiver handled it; absent when not delivered or delivered elsewhere (--to). */
  readonly handling?: HandlingOutcome;
}

/** How long `send` and `replay` wait for the receiver to finish handling an event it acknowledged. */
export const handlingTimeoutMs = 10_000;

/** One line per event of `rtlab webhooks send`: delivered or not, then handled or not. */
export function describeSendResult(result: SendResult): string {
  const last = result.attempts.at(-1);
  const outcome = `${last?.statusCode ?? last?.error ?? '?'}, ${last?.latencyMs ?? 0} ms, attempt ${result.attempts.length}`;
  const head = `${result.id} ${result.type}`;
  if (!result.delivered) return `✗ ${head} not delivered: ${result.reason} (${outcome})`;
  if (result.handling === undefined) return `✓ ${head} delivered (${outcome})`;
  return `${markOf(result.handling)} ${head} delivered (${outcome})${describeHandling(result.handling)}`;
}

/** After one order was created and processed, the command that moves it on (a learner's next step). */
export function describeNextStep(results: readonly SendResult[]): string | undefined {
  const [only] = results;
  if (results.length !== 1 || only?.type !== 'order.created' || only.orderId === undefined) return undefined;
  if (only.handling?.status !== 'processed') return undefined;
  return `Next: rtlab webhooks send --type order.paid --data '${JSON.stringify({ orderId: only.orderId })}'`;
}

export function markOf(handling: HandlingOutcome): string {
  return handling.status === 'processed' ? '✓' : handling.status === 'unknown' ? '!' : '✗';
}

/** What follows "delivered": how the receiver handled it. */
export function describeHandling(handling: HandlingOutcome): string {
  switch (handling.status) {
    case 'processed':
      return ' and processed';
    case 'failed':
      return ` but the receiver failed to handle it: ${handling.error}`;
    case 'pending':
      return ` but not handled within ${handlingTimeoutMs / 1000} s (still received)`;
    case 'unknown':
      return `; its handling could not be checked: ${handling.reason}`;
  }
}

/** Failed, or still not handled: what makes `send` and `replay` exit 1. Unknown only warns. */
export function isUnhandled(handling: HandlingOutcome | undefined): boolean {
  return handling?.status === 'failed' || handling?.status === 'pending';
}
