export interface PeriodicSweepOptions {
  /** Between the end of one sweep and the start of the next (the first runs at once). */
  readonly intervalMs: number;
  /** One sweep; `isStopping` tells it to leave the rest for the next process. */
  readonly sweep: (isStopping: () => boolean) => Promise<void>;
  /** Told once per outage: the first failure after a success (MongoDB unreachable, mostly). */
  readonly onOutage: (error: unknown) => void;
  /** Told when a sweep succeeds again after an outage. */
  readonly onRecovery?: () => void;
}

export interface StartedPeriodicSweep {
  /** Ends the timer, then waits for the sweep running now. */
  stop(): Promise<void>;
}

/**
 * The loop of a service's sweepers (the receiver's expired claims, the sender's abandoned
 * deliveries): runs at start, then again after each interval, never two at once; the timer does
 * not keep a process alive.
 */
export function startPeriodicSweep(options: PeriodicSweepOptions): StartedPeriodicSweep {
  let stopping = false;
  let outage = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  async function sweepOnce(): Promise<void> {
    try {
      await options.sweep(() => stopping);
      if (outage) options.onRecovery?.();
      outage = false;
    } catch (error) {
      if (!outage) options.onOutage(error);
      outage = true;
    }
  }

  function loop(): void {
    current = sweepOnce().finally(() => {
      if (stopping) return;
      timer = setTimeout(loop, options.intervalMs);
      timer.unref();
    });
  }

  loop();
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await current;
    },
  };
}
