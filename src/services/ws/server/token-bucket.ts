/**
 * Per-socket flood control: `capacity` events at once, refilled at `perSecond`. A socket that
 * keeps sending into an empty bucket is told so (an error ack), then disconnected.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  /** Events refused in a row; reset by any accepted one. */
  refusedInARow = 0;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow++;
    return false;
  }
}
