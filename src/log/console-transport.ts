import type winston from 'winston';
import Transport from 'winston-transport';
import { formatConsoleLine } from './format-console-line.js';
import type { LogEntry } from './log-entry.js';

export interface ConsoleTransportOptions {
  readonly stream: NodeJS.WritableStream;
  readonly color: boolean;
  readonly toEntry: (info: winston.Logform.TransformableInfo) => LogEntry;
  /** Told once, when the stream fails: the caller records it where it still can (the log file). */
  readonly onClosed: (error: NodeJS.ErrnoException) => void;
}

/**
 * Human-readable lines on a terminal stream. When that stream goes away (`… | head -1`, a closed
 * terminal), writes stop quietly: a service must keep serving, and its log file keeps every line.
 * winston's own Console transport would leave the stream's `error` unhandled, which kills the process.
 */
export class ConsoleTransport extends Transport {
  private streamGone = false;
  private readonly onError = (error: NodeJS.ErrnoException) => {
    if (this.streamGone) return;
    this.streamGone = true;
    this.options.onClosed(error);
  };

  constructor(private readonly options: ConsoleTransportOptions) {
    super();
    options.stream.on('error', this.onError);
  }

  override log(info: winston.Logform.TransformableInfo, next: () => void): void {
    if (!this.streamGone)
      this.options.stream.write(
        `${formatConsoleLine(this.options.toEntry(info), { color: this.options.color, serviceWidth: 17 })}\n`,
      );
    next();
  }

  override close(): void {
    // Loggers are made and closed many times in one process (benchmarks, tests): no listener left behind on stderr.
    this.options.stream.removeListener('error', this.onError);
  }
}
