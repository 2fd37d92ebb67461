import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describeFsError } from './describe-fs-error.js';

export interface RotatingFileOptions {
  /** Rotate before a write would take the file past this size. */
  readonly maxBytes: number;
  /** How many files to keep, the live one included: `x.log`, `x.log.1`, … */
  readonly maxFiles: number;
  /** Where trouble with the file is told, once per outage; stderr by default. */
  readonly warn?: (message: string) => void;
  /** A line written into the file when writing works again after `dropped` lines were lost. */
  readonly resumedLine?: (dropped: number) => string;
}

/**
 * An append-only log file that rotates by size. Lines written in one turn of the event loop are
 * flushed together with one synchronous write: ordered, cheap, and nothing is lost to a pending
 * stream when the process exits. Rotation renames `x.log` to `x.log.1` (and so on) and starts a
 * new `x.log`, so the newest lines are always in the file with the plain name.
 *
 * Logging must never take the service down: when the file cannot be written (full disk, quota,
 * file size limit, I/O error, removed directory…) the lines of that flush are dropped and
 * counted, the trouble is told once, and every later flush tries again from a fresh open, so
 * writing resumes by itself once there is room (or the file is reachable) again.
 */
export class RotatingFile {
  readonly path: string;
  private readonly options: RotatingFileOptions;
  private fd: number | undefined;
  private size = 0;
  private pending: string[] = [];
  private flushScheduled = false;
  /** Lines lost since the file stopped taking writes; undefined while it takes them. */
  private dropped: number | undefined;
  /** A failed write may have left half a line: the next write starts on a line of its own. */
  private torn = false;
  private rotationWarned = false;

  constructor(filePath: string, options: RotatingFileOptions) {
    this.path = filePath;
    this.options = options;
  }

  write(line: string): void {
    this.pending.push(line.endsWith('\n') ? line : `${line}\n`);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Never throws: a line that cannot be written is dropped and counted. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    const count = lines.length;
    this.pending = [];
    try {
      if (this.dropped !== undefined && this.options.resumedLine !== undefined) {
        lines.unshift(`${this.options.resumedLine(this.dropped)}\n`);
      }
      if (this.torn) lines.unshift('\n');
      const chunk = Buffer.from(lines.join(''));
      this.open();
      if (this.size > 0 && this.size + chunk.length > this.options.maxBytes) this.rotateOrKeep();
      this.writeAll(this.open(), chunk);
      this.torn = false;
      this.resumed();
    } catch (error) {
      this.failed(count, error);
    }
  }

  close(): void {
    this.flush();
    this.closeFd();
  }

  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(path.dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a');
      this.size = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  private closeFd(): void {
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (fd !== undefined) closeSync(fd);
    } catch {
      // A close that fails (EIO) leaves nothing to retry: the descriptor is gone either way.
    }
  }

  private writeAll(fd: number, chunk: Buffer): void {
    let offset = 0;
    try {
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
    } finally {
      this.size += offset;
      if (offset > 0 && offset < chunk.length) this.torn = true;
    }
  }

  /** A rename that fails must not cost the lines: they go on the end of the file as it is. */
  private rotateOrKeep(): void {
    try {
      this.rotate();
    } catch (error) {
      if (!this.rotationWarned) {
        this.rotationWarned = true;
        this.warn(`rtlab: cannot rotate ${this.path} (${describeFsError(error)}); appending to it as it is`);
      }
    }
  }

  private rotate(): void {
    this.closeFd();
    const last = `${this.path}.${this.options.maxFiles - 1}`;
    if (existsSync(last)) rmSync(last);
    for (let index = this.options.maxFiles - 2; index >= 1; index--) {
      const from = `${this.path}.${index}`;
      if (existsSync(from)) renameSync(from, `${this.path}.${index + 1}`);
    }
    if (this.options.maxFiles > 1) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path);
    this.rotationWarned = false;
  }

  private failed(lines: number, error: unknown): void {
    // Closed so that the next flush opens the path afresh: a re-created directory, a re-pointed link.
    this.closeFd();
    if (this.dropped === undefined) {
      this.dropped = 0;
      this.warn(
        `rtlab: cannot write logs to ${this.path} (${describeFsError(error)}); dropping log lines until it can`,
      );
    }
    this.dropped += lines;
  }

  private resumed(): void {
    if (this.dropped === undefined) return;
    this.warn(`rtlab: writing logs to ${this.path} again; ${this.dropped} log line(s) were dropped`);
    this.dropped = undefined;
  }

  private warn(message: string): void {
    if (this.options.warn !== undefined) this.options.warn(message);
    else process.stderr.write(`${message}\n`);
  }
}
