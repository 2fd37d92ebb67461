/**
 * Turns for replay chunks, first come first served, at most `perTurn` in one turn of the event
 * loop. A reconnect storm has every client's replay ready at once; run together they would keep
 * the event loop for seconds, and the server would accept no connection, answer no chat and no
 * health check meanwhile. Between two turns the event loop polls I/O, so the rest keeps answering
 * and every replay moves on in its turn.
 */
export class ReplayPacer {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  constructor(private readonly perTurn: number) {}

  /** Resolves when the caller may send its next chunk. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the I/O poll of each event-loop iteration.
    setImmediate(() => {
      this.scheduled = false;
      for (const resolve of this.waiting.splice(0, this.perTurn)) resolve();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
