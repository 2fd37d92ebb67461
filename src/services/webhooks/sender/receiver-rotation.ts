/**
 * The receiver replicas the sender delivers to, in turn (`RECEIVER_URLS`). Receivers are
 * stateless (the claim in MongoDB decides who handles an event), so any of them may take any
 * delivery: each attempt starts at the next replica, and one that refuses connections (stopped,
 * restarting) is passed over for the others within the same attempt.
 */
export class ReceiverRotation {
  private turn = 0;

  constructor(readonly urls: readonly string[]) {
    if (urls.length === 0) throw new Error('a receiver rotation needs at least one URL');
  }

  /** The URLs one attempt may try, in order: the replica whose turn it is, then the others. */
  nextAttempt(): string[] {
    const start = this.turn;
    this.turn = (this.turn + 1) % this.urls.length;
    return [...this.urls.slice(start), ...this.urls.slice(0, start)];
  }
}

/** Whether a failed request never reached a listening receiver (nothing listens at that port). */
export function isConnectionRefused(error: unknown): boolean {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  return code === 'ECONNREFUSED' || cause?.code === 'ECONNREFUSED';
}
