import { Chalk, type ChalkInstance } from 'chalk';
import type { LogEntry } from './log-entry.js';

export interface ConsoleLineOptions {
  readonly color: boolean;
  /** Pad service names to this width so messages line up. */
  readonly serviceWidth?: number;
}

const palette = ['cyan', 'magenta', 'blue', 'green', 'yellow', 'redBright', 'cyanBright', 'magentaBright'] as const;
const levelColors: Record<string, (c: ChalkInstance) => ChalkInstance> = {
  error: (c) => c.red.bold,
  warn: (c) => c.yellow,
  info: (c) => c.green,
  http: (c) => c.cyan,
};

/** The human-readable view of a log entry: time, service (in its own colour), level, message, metadata. */
export function formatConsoleLine(entry: LogEntry, options: ConsoleLineOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const time = toClockTime(entry.timestamp);
  const service = entry.service.padEnd(options.serviceWidth ?? 0);
  const level = entry.level.padEnd(5);
  const paint = levelColors[entry.level]?.(chalk) ?? chalk.gray;
  const meta = formatMeta(entry.meta);
  return [
    chalk.gray(time),
    chalk[colorOf(entry.service)](service),
    paint(level),
    entry.message,
    ...(meta === '' ? [] : [chalk.gray(meta)]),
  ].join(' ');
}

function toClockTime(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A stable colour per service name, so one service keeps its colour across runs. */
function colorOf(service: string): (typeof palette)[number] {
  let hash = 0;
  for (const char of service) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length] ?? 'cyan';
}

function formatMeta(meta: Readonly<Record<string, unknown>>): string {
  return Object.entries(meta)
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`,
    )
    .join(' ');
}
