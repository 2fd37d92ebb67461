import path from 'node:path';
import winston from 'winston';
import Transport from 'winston-transport';
import type { LogLevel } from '../config/lab-config.js';
import { ConsoleTransport } from './console-transport.js';
import { toLogLine, type LogEntry, type Logger } from './log-entry.js';
import { RotatingFile } from './rotating-file.js';

export interface LoggerFactoryOptions {
  /** Log files go to `<logDir>/<service>.log`. */
  readonly logDir: string;
  readonly level: LogLevel;
  /** Human-readable lines on stderr; false for none (a dashboard owns the terminal). */
  readonly console: { readonly color: boolean } | false;
  readonly maxBytes?: number;
  readonly maxFiles?: number;
}

export interface LoggerFactory {
  /** A logger whose lines carry `{ service }` and land in that service's file. */
  forService(service: string): Logger;
  /** Flushes and closes every file. Idempotent. */
  close(): void;
}

const defaultMaxBytes = 5 * 1024 * 1024;
const defaultMaxFiles = 3;

/** One winston logger per process; each service gets a child tagged with its name. */
export function createLoggerFactory(options: LoggerFactoryOptions): LoggerFactory {
  const files = new ServiceFiles(options);
  const transports: Transport[] = [new ServiceFileTransport(files)];
  if (options.console !== false) {
    transports.push(
      new ConsoleTransport({
        // Logs are diagnostics: stderr, so that stdout stays for a command's results.
        stream: process.stderr,
        color: options.console.color,
        toEntry,
        // Said in each service's own file, where someone wondering why the terminal went quiet looks.
        onClosed: (error) => {
          const timestamp = new Date().toISOString();
          files.noteInEach((service) =>
            toLogLine({
              timestamp,
              level: 'warn',
              service,
              message: 'The console went away; logging goes on to this file only',
              meta: { code: error.code },
            }),
          );
        },
      }),
    );
  }
  const root = winston.createLogger({
    level: options.level,
    format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.timestamp()),
    transports,
  });
  const flushOnExit = () => files.closeAll();
  process.once('exit', flushOnExit);

  let closed = false;
  return {
    forService: (service) => {
      const child = root.child({ service });
      // Checked here: a line below the level then costs a comparison, not a trip through winston's stream.
      const at = (level: LogLevel) => (message: string, meta?: Record<string, unknown>) => {
        if (root.isLevelEnabled(level)) child.log(level, message, meta);
      };
      return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
    },
    close() {
      if (closed) return;
      closed = true;
      process.removeListener('exit', flushOnExit);
      files.closeAll();
      root.close();
    },
  };
}

class ServiceFiles {
  private readonly files = new Map<string, RotatingFile>();
  private note: ((service: string) => string) | undefined;
  constructor(private readonly options: LoggerFactoryOptions) {}

  get(service: string): RotatingFile {
    let file = this.files.get(service);
    if (file === undefined) {
      file = new RotatingFile(path.join(this.options.logDir, `${service}.log`), {
        maxBytes: this.options.maxBytes ?? defaultMaxBytes,
        maxFiles: this.options.maxFiles ?? defaultMaxFiles,
        // The gap is recorded in the file itself, so that someone reading it later knows lines are missing.
        resumedLine: (dropped) =>
          toLogLine({
            timestamp: new Date().toISOString(),
            level: 'warn',
            service,
            message: `Dropped ${dropped} log line(s) while this file could not be written`,
            meta: { dropped },
          }),
      });
      this.files.set(service, file);
      if (this.note !== undefined) file.write(this.note(service));
    }
    return file;
  }

  /** Writes a line to every file, and to each file opened later: a service that logs later learns it too. */
  noteInEach(lineFor: (service: string) => string): void {
    this.note = lineFor;
    for (const [service, file] of this.files) file.write(lineFor(service));
  }

  closeAll(): void {
    for (const file of this.files.values()) file.close();
  }
}

/** Routes each line to its service's file, as JSON. */
class ServiceFileTransport extends Transport {
  constructor(private readonly files: ServiceFiles) {
    super();
  }

  override log(info: winston.Logform.TransformableInfo, next: () => void): void {
    const entry = toEntry(info);
    this.files.get(entry.service).write(toLogLine(entry));
    next();
  }
}

function toEntry(info: winston.Logform.TransformableInfo): LogEntry {
  const { level, message, service, timestamp, ...meta } = info as Record<string, unknown>;
  return {
    timestamp: typeof timestamp === 'string' ? timestamp : new Date().toISOString(),
    level: String(level),
    service: typeof service === 'string' ? service : 'rtlab',
    message: typeof message === 'string' ? message : JSON.stringify(message),
    meta,
  };
}
