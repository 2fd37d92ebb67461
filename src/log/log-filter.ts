import type { LogLevel } from '../config/lab-config.js';
import { levelSeverity, type LogEntry } from './log-entry.js';

/** What `rtlab tail logs` keeps; every field left out keeps everything. */
export interface LogFilter {
  readonly since?: Date;
  readonly grep?: RegExp;
  /** Keep this level and the more severe ones. */
  readonly level?: LogLevel;
}

export function matchesLogFilter(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.since !== undefined && Date.parse(entry.timestamp) < filter.since.getTime()) return false;
  if (filter.level !== undefined) {
    const severity = levelSeverity[entry.level as LogLevel] ?? levelSeverity.info;
    if (severity > levelSeverity[filter.level]) return false;
  }
  if (filter.grep !== undefined) {
    const meta = Object.keys(entry.meta).length === 0 ? '' : JSON.stringify(entry.meta);
    if (!filter.grep.test(entry.message) && !filter.grep.test(meta)) return false;
  }
  return true;
}
