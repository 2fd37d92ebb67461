import type { Deadline } from '@grpc/grpc-js';

/** What every kind of server call has: enough to tell that its caller gave up. */
interface GivingUpCall extends NodeJS.EventEmitter {
  readonly cancelled: boolean;
  getDeadline(): Deadline;
}

/**
 * Resolves once the caller has given up: it cancelled, or its deadline passed. The deadline is
 * watched here too, not only through the cancellation the client's own timer sends: a client
 * that is slow to send it (or never does) must not keep a cursor or a loop running on the
 * server. `dispose` clears the timer when the call ends normally.
 */
export function whenCallGivesUp(call: GivingUpCall): {
  readonly gaveUp: Promise<'gave up'>;
  dispose(): void;
} {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'gave up'>((resolve) => {
    if (call.cancelled) resolve('gave up');
    call.once('cancelled', () => resolve('gave up'));
    const deadline = call.getDeadline();
    const at = deadline instanceof Date ? deadline.getTime() : deadline;
    // setTimeout takes at most 2^31-1 ms; a farther deadline is as good as none.
    const inMs = at - Date.now();
    if (Number.isFinite(inMs) && inMs < 2 ** 31 - 1) timer = setTimeout(() => resolve('gave up'), Math.max(0, inMs));
  });
  return { gaveUp, dispose: () => clearTimeout(timer) };
}
