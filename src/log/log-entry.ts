import type { LogLevel } from '../config/lab-config.js';

/** One log line as rtlab writes it: JSON with these keys first, then the line's metadata. */
export interface LogEntry {
  readonly timestamp: string;
  readonly level: string;
  readonly service: string;
  readonly message: string;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** What services log through; a winston child logger satisfies it. */
export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

/** Lower is more severe, as in winston's npm levels. */
export const levelSeverity: Readonly<Record<LogLevel, number>> = {
  error: 0,
  warn: 1,
  info: 2,
  http: 3,
  verbose: 4,
  debug: 5,
  silly: 6,
};

/**
 * Reads one line of a log. Lines that are not rtlab's JSON (a container's own output, say) are
 * kept as a plain message of the service they came from, never dropped.
 */
export function parseLogLine(line: string, service: string, fallbackTime: Date = new Date()): LogEntry {
  if (line.startsWith('{')) {
    try {
      const { timestamp, level, service: own, message, ...meta } = JSON.parse(line) as Record<string, unknown>;
      return {
        timestamp: typeof timestamp === 'string' ? timestamp : fallbackTime.toISOString(),
        level: typeof level === 'string' ? level : 'info',
        service: typeof own === 'string' ? own : service,
        message: typeof message === 'string' ? message : JSON.stringify(message ?? ''),
        meta,
      };
    } catch {
      // Not JSON after all: fall through to a plain line.
    }
  }
  return { timestamp: fallbackTime.toISOString(), level: 'info', service, message: line, meta: {} };
}

/** The JSON line for an entry: timestamp, level, service and message first, so files read well. */
export function toLogLine(entry: LogEntry): string {
  return JSON.stringify(
    { timestamp: entry.timestamp, level: entry.level, service: entry.service, message: entry.message, ...entry.meta },
    (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value,
  );
}
