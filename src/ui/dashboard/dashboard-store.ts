import type { LogEntry } from '../../log/log-entry.js';
import type { LabProgress } from '../../runtime/embedded/lab-progress.js';
import { LogRing } from './log-ring.js';

export type ServiceState = 'starting' | 'ready' | 'failed' | 'stopping' | 'stopped' | 'ran once';

/** One line of the services table. */
export interface ServiceRow {
  readonly name: string;
  readonly url: string | undefined;
  readonly state: ServiceState;
  /** Why it failed, or how a one-shot exited. */
  readonly detail?: string;
  readonly readyAt?: number;
  /** The last periodic check from outside (undefined until the first one answers). */
  readonly health?: { readonly ok: boolean; readonly detail?: string };
  /** Request log lines seen since the lab started; undefined for a service that logs none. */
  readonly requests: number | undefined;
}

/** ISO timestamps of one clock; an unreadable one counts as oldest. */
function byTime(a: LogEntry, b: LogEntry): number {
  return (Date.parse(a.timestamp) || 0) - (Date.parse(b.timestamp) || 0);
}

export interface Notice {
  readonly tone: 'info' | 'ok' | 'error';
  readonly text: string;
}

export interface DashboardStoreOptions {
  /** How many log lines are kept (the newest). */
  readonly logCapacity?: number;
  /** Whether a service writes a line per request it handles (its REQUESTS column counts them). */
  readonly countsRequests: (service: string) => boolean;
  readonly now?: () => number;
}

/**
 * What the dashboard shows, held outside React: log lines arrive by the thousand and only
 * bump `version`; the view reads the store at its own capped frame rate, so a burst costs a
 * push per line and never a render per line.
 */
export class DashboardStore {
  readonly logs: LogRing<LogEntry>;
  readonly notices = new LogRing<Notice>(3);
  /** The start's progress lines, as the plain terminal shows them. */
  readonly progressLines: string[] = [];
  /** Bumped on every change: the view redraws only when it moved. */
  version = 0;
  private readonly rows = new Map<string, ServiceRow>();
  private readonly now: () => number;

  constructor(private readonly options: DashboardStoreOptions) {
    this.logs = new LogRing(options.logCapacity ?? 2000);
    this.now = options.now ?? Date.now;
  }

  get services(): readonly ServiceRow[] {
    return [...this.rows.values()];
  }

  find(name: string): ServiceRow | undefined {
    return this.rows.get(name);
  }

  /** A lab's start or stop step; `line` is its progress line, when it has one. */
  applyProgress(progress: LabProgress, line?: string): void {
    if (line !== undefined) this.progressLines.push(line);
    const row = this.rows.get(progress.service) ?? {
      name: progress.service,
      url: undefined,
      state: 'starting',
      requests: this.options.countsRequests(progress.service) ? 0 : undefined,
    };
    switch (progress.type) {
      case 'starting':
        return this.set({ ...row, state: 'starting' });
      case 'ready':
        return this.set({ ...row, state: 'ready', url: progress.url, readyAt: this.now(), detail: undefined });
      case 'failed':
        return this.set({ ...row, state: 'failed', detail: progress.reason });
      case 'stopping':
        return this.set({ ...row, state: 'stopping' });
      case 'stopped':
        return this.set({ ...row, state: 'stopped', health: undefined });
      case 'finished':
        return this.set({
          ...row,
          state: progress.exitCode === 0 ? 'ran once' : 'failed',
          detail: progress.exitCode === 0 ? undefined : `exited ${progress.exitCode ?? 'on a signal'}`,
        });
    }
  }

  /** A log line, in time order among those shown: each service's file is found and read on its own. */
  addLog(entry: LogEntry, isRequest: boolean): void {
    this.logs.pushInOrder(entry, byTime);
    const row = this.rows.get(entry.service);
    if (isRequest && row?.requests !== undefined) this.rows.set(row.name, { ...row, requests: row.requests + 1 });
    this.version++;
  }

  /** The answers of one round of health checks; parts no longer running keep their state. */
  setHealth(health: ReadonlyArray<{ readonly name: string; readonly ready: boolean; readonly detail?: string }>): void {
    for (const part of health) {
      const row = this.rows.get(part.name);
      if (row?.state === 'ready') this.rows.set(part.name, { ...row, health: { ok: part.ready, detail: part.detail } });
    }
    this.version++;
  }

  notice(tone: Notice['tone'], text: string): void {
    this.notices.push({ tone, text });
    this.version++;
  }

  private set(row: ServiceRow): void {
    this.rows.set(row.name, row);
    this.version++;
  }
}
