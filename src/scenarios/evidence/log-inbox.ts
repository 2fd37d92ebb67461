import path from 'node:path';
import { parseLogLine, type LogEntry } from '../../log/log-entry.js';
import { pushFileLines } from './push-file-lines.js';

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
 * whole run and hands each new line to the expectations listening for it as it is written
 * (pushed by the file-system watcher, not found by polling). A step's expectations
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
    const onLine = (line: string) => {
      state.recent.push(line);
      if (state.recent.length > recentKept) state.recent.shift();
      const entry = parseLogLine(line, service);
      const timed = { entry, atEpochMs: Date.parse(entry.timestamp) };
      if (!(timed.atEpochMs >= this.sinceEpochMs)) return;
      state.kept.push(timed);
      if (state.kept.length > maxKept) state.kept.shift();
      for (const listener of state.listeners) listener(timed);
    };
    // Pushed as the service writes: an unreadable log fails the expectations on it by their deadline.
    const caughtUp = pushFileLines(path.join(this.logDir, `${service}.log`), { signal: this.signal, onLine }).catch(
      () => undefined,
    );
    this.catchingUp.push(caughtUp);
    return caughtUp;
  }

  /** Every line stamped at or after `sinceEpochMs`, those already read first, until unsubscribed. */
  subscribe(service: string, sinceEpochMs: number, listener: Listener): () => void {
    void this.follow(service);
    const state = this.services.get(service)!;
    // Lines are read a moment after they are written: a line of the step before, read after this
    // one began, is that step's, and is not handed on.
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
