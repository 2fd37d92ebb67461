import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  /** Rotate before a write would take the file past this size. */
  readonly maxBytes: number;
  /** How many files to keep, the live one included: `x.log`, `x.log.1`, … */
  readonly maxFiles: number;
}

/**
 * An append-only log file that rotates by size. Lines written in one turn of the event loop are
 * flushed together with one synchronous write: ordered, cheap, and nothing is lost to a pending
 * stream when the process exits. Rotation renames `x.log` to `x.log.1` (and so on) and starts a
 * new `x.log`, so the newest lines are always in the file with the plain name.
 */
export class RotatingFile {
  readonly path: string;
  private readonly options: RotatingFileOptions;
  private fd: number | undefined;
  private size = 0;
  private pending: string[] = [];
  private flushScheduled = false;

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

  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''));
    this.pending = [];
    const fd = this.open();
    if (this.size > 0 && this.size + chunk.length > this.options.maxBytes) {
      this.rotate();
      this.writeAll(this.open(), chunk);
    } else {
      this.writeAll(fd, chunk);
    }
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd === undefined) {
      mkdirSync(path.dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, 'a');
      this.size = fstatSync(this.fd).size;
    }
    return this.fd;
  }

  private writeAll(fd: number, chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
    this.size += chunk.length;
  }

  private rotate(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const last = `${this.path}.${this.options.maxFiles - 1}`;
    if (existsSync(last)) rmSync(last);
    for (let index = this.options.maxFiles - 2; index >= 1; index--) {
      const from = `${this.path}.${index}`;
      if (existsSync(from)) renameSync(from, `${this.path}.${index + 1}`);
    }
    if (this.options.maxFiles > 1) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path);
  }
}
