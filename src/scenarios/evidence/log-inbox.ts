import path from 'node:path';
import { followFile } from '../../log/follow-file.js';
import { parseLogLine, type LogEntry } from '../../log/log-entry.js';

/** A log line and when it was written, in ms since the epoch. */
export interface TimedLogEntry {
  readonly entry: LogEntry;
  readonly atEpochMs: number;
}

type Listener = (line: TimedLogEntry) => void;

/** Lines kept per service for the runner (since the run began) and for failure reports (the last ones). */
const maxKept = 20_000;
const recentKept = 12;

/**
 * Follows the lab's log files (`<logDir>/<service>.log`, whatever runtime writes them) for the
 * whole run and hands each new line to the expectations listening for it. A step's expectations
 * subscribe before its action runs and receive every line stamped since the step began, so a line
 * written before the file was next read is never missed.
 */
export class LogInbox {
  private readonly services = new Map<string, { kept: TimedLogEntry[]; recent: string[]; listeners: Set<Listener> }>();
  private readonly catchingUp: Promise<void>[] = [];

  constructor(
    private readonly logDir: string,
    private readonly sinceEpochMs: number,
    private readonly signal: AbortSignal,
  ) {}

  /** Starts following a service's file (once); resolves when its existing lines are read. */
  follow(service: string): Promise<void> {
    if (this.services.has(service)) return Promise.resolve();
    const state = { kept: [] as TimedLogEntry[], recent: [] as string[], listeners: new Set<Listener>() };
    this.services.set(service, state);
    const caughtUp = new Promise<void>((resolve) => {
      void (async () => {
        try {
          const file = path.join(this.logDir, `${service}.log`);
          for await (const item of followFile(file, { signal: this.signal, intervalMs: 40 })) {
            if (item.type === 'caught-up') {
              resolve();
              continue;
            }
            state.recent.push(item.line);
            if (state.recent.length > recentKept) state.recent.shift();
            const entry = parseLogLine(item.line, service);
            const timed = { entry, atEpochMs: Date.parse(entry.timestamp) };
            if (!(timed.atEpochMs >= this.sinceEpochMs)) continue;
            state.kept.push(timed);
            if (state.kept.length > maxKept) state.kept.shift();
            for (const listener of state.listeners) listener(timed);
          }
        } catch {
          // An unreadable log fails the expectations on it by their deadline, with no lines quoted.
        } finally {
          resolve();
        }
      })();
    });
    this.catchingUp.push(caughtUp);
    return caughtUp;
  }

  /** Every line stamped at or after `sinceEpochMs`, those already read first, until unsubscribed. */
  subscribe(service: string, sinceEpochMs: number, listener: Listener): () => void {
    void this.follow(service);
    const state = this.services.get(service)!;
    // Lines are read some milliseconds after they are written (the file is polled): a line of the
    // step before, read after this one began, is that step's, and is not handed on.
    const sinceStart: Listener = (line) => {
      if (line.atEpochMs >= sinceEpochMs) listener(line);
    };
    for (const line of state.kept) sinceStart(line);
    state.listeners.add(sinceStart);
    return () => state.listeners.delete(sinceStart);
  }

  /** The service's last lines as written, for a failure report. */
  lastLines(service: string): readonly string[] {
    return this.services.get(service)?.recent ?? [];
  }
}
