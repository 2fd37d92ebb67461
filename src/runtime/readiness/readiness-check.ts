import type { LogFeed } from './log-feed.js';

/** What a readiness check looks at: a service's address and, where there is one, its log output. */
export interface ReadinessTarget {
  readonly service: string;
  /** The service's base URL, or MongoDB's connection string. */
  readonly url?: string;
  /** For the TCP check: where to connect (default 127.0.0.1 and the port of `url`). */
  readonly host?: string;
  readonly port?: number;
  /** The service's log lines: what the log-line check reads, and what a timeout quotes. */
  readonly logs?: LogFeed;
}

export type ProbeResult =
  | { readonly ready: true }
  /** `check` names the part that is not ready (inside `all`), `detail` what it saw last. */
  | { readonly ready: false; readonly check: string; readonly detail: string };

/** One way to tell that a service is ready. Probes are cheap and side-effect free; the caller polls them. */
export interface ReadinessCheck {
  /** As a message names it: `GET /healthz`, `log line "… listening"`. */
  readonly name: string;
  /** One look, bounded by `timeoutMs`; never throws. */
  probe(target: ReadinessTarget, timeoutMs: number): Promise<ProbeResult>;
}

export function notReady(check: ReadinessCheck, detail: string): ProbeResult {
  return { ready: false, check: check.name, detail };
}
