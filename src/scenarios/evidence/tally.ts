/** One piece of evidence: what arrived, and when (ms since the run started). */
export interface Evidence {
  readonly atMs: number;
  readonly value: unknown;
  /** Where it happened, when not the expectation's own service (a chain's hops each have theirs). */
  readonly lane?: string;
  /** What it proves, when not the expectation's own summary (a chain's hop). */
  readonly what?: string;
  /** A chain's hop: the lane of the hop before it (the runner's for the first), where its arrow starts. */
  readonly from?: string;
}

/** How a listening expectation decides: at least `count`, `exactly` N, or `absent`, within a window. */
export interface TallyRule {
  readonly count?: number;
  readonly exactly?: number;
  readonly within?: number;
  readonly absent?: number;
}

export interface TallyVerdict {
  readonly ok: boolean;
  readonly expected: string;
  readonly received: string;
  readonly evidence: readonly Evidence[];
  /** Why it failed early, when a `failIf` condition was seen. */
  readonly note?: string;
}

const defaultWithinMs = 5000;

/**
 * The matches of a listening expectation, pushed as they arrive, and the decision over them:
 * at least N passes as soon as the Nth arrives; `exactly` N and `absent` wait out their window
 * but fail at once when one too many arrives.
 */
export class Tally {
  readonly matched: Evidence[] = [];
  /** What arrived before the filter was known (it may name the action's result). */
  private pending: Evidence[] = [];
  private filter: ((value: unknown) => boolean) | undefined;
  private failFilter: ((value: unknown) => boolean) | undefined;
  /** The arrival that met the `failIf` condition: the expectation fails as soon as it is seen. */
  private failedBy: Evidence | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly rule: TallyRule) {}

  push(evidence: Evidence): void {
    if (this.filter === undefined) return void this.pending.push(evidence);
    if (this.failedBy === undefined && this.failFilter?.(evidence.value) === true) {
      this.failedBy = evidence;
      return void this.wake?.();
    }
    if (!this.filter(evidence.value)) return;
    this.matched.push(evidence);
    this.wake?.();
  }

  /** Sets which arrivals count, once the action's result is known; those already there are sorted first. */
  countOnly(filter: (value: unknown) => boolean, failIf?: (value: unknown) => boolean): void {
    this.filter = filter;
    this.failFilter = failIf;
    for (const evidence of this.pending.splice(0)) this.push(evidence);
  }

  /** The window, from the end of the action. */
  windowMs(): number {
    return this.rule.absent ?? this.rule.within ?? defaultWithinMs;
  }

  /** Decides by `deadline` (performance.now() time), or earlier when the outcome is already certain. */
  async decide(deadline: number, signal: AbortSignal): Promise<TallyVerdict> {
    for (;;) {
      const early = this.decideEarly();
      if (early !== undefined) return early;
      const left = deadline - performance.now();
      if (left <= 0 || signal.aborted) return this.decideAtEnd();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        const onAbort = () => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        this.wake = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private expected(): string {
    const { rule } = this;
    if (rule.absent !== undefined) return `none for ${rule.absent} ms`;
    if (rule.exactly !== undefined) return `exactly ${rule.exactly} within ${this.windowMs()} ms`;
    return `at least ${rule.count ?? 1} within ${this.windowMs()} ms`;
  }

  private verdict(ok: boolean): TallyVerdict {
    return { ok, expected: this.expected(), received: `${this.matched.length}`, evidence: [...this.matched] };
  }

  private decideEarly(): TallyVerdict | undefined {
    const { failedBy } = this;
    if (failedBy !== undefined)
      return {
        ok: false,
        expected: this.expected(),
        received: `${this.matched.length}`,
        note: `failIf seen at ${failedBy.atMs} ms: ${JSON.stringify(failedBy.value).slice(0, 200)}`,
        evidence: [...this.matched, failedBy],
      };
    const seen = this.matched.length;
    if (this.rule.absent !== undefined) return seen > 0 ? this.verdict(false) : undefined;
    if (this.rule.exactly !== undefined) return seen > this.rule.exactly ? this.verdict(false) : undefined;
    return seen >= (this.rule.count ?? 1) ? this.verdict(true) : undefined;
  }

  private decideAtEnd(): TallyVerdict {
    const seen = this.matched.length;
    if (this.rule.absent !== undefined) return this.verdict(seen === 0);
    if (this.rule.exactly !== undefined) return this.verdict(seen === this.rule.exactly);
    return this.verdict(seen >= (this.rule.count ?? 1));
  }
}
