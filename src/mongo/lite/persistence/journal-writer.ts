import { closeSync, fstatSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Document } from 'bson';
import { encodeRecord } from './journal-format.js';

/**
 * Appends records to the current journal file with group commit: records appended during one
 * turn of the event loop are written with one write, and one fsync covers everything written
 * before it. A write is in the OS's hands (safe from a SIGKILL) within a turn; a `j: true` write
 * waits for the fsync that covers it (safe from power loss).
 */
export class JournalWriter {
  private fd: number;
  private pending: Buffer[] = [];
  private writeScheduled = false;
  private appended = 0;
  private written = 0;
  private synced = 0;
  private syncing = false;
  private waiters: Array<{ upTo: number; resolve: () => void; reject: (error: Error) => void }> = [];
  private failure: Error | undefined;
  /** Bumped when the file changes: an fsync of an older file reports nothing. */
  private epoch = 0;
  bytes: number;

  constructor(file: string) {
    this.fd = openSync(file, 'a');
    this.bytes = fstatSync(this.fd).size;
  }

  append(record: Document): void {
    if (this.failure !== undefined) throw this.failure;
    const frame = encodeRecord(record);
    this.pending.push(frame);
    this.bytes += frame.length;
    this.appended++;
    if (!this.writeScheduled) {
      this.writeScheduled = true;
      setImmediate(() => this.writePending());
    }
  }

  /** Resolves once every record appended so far is on disk (fsync). */
  waitForSync(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.synced >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo: this.appended, resolve, reject });
      this.scheduleSync();
    });
  }

  /** Writes and fsyncs everything now, synchronously (shutdown, compaction). */
  flushSync(): void {
    this.writePending();
    fsyncSync(this.fd);
    this.synced = this.written;
    this.settleWaiters();
  }

  /** Continues in a new file: used by compaction after the snapshot took the old state. */
  switchTo(file: string): void {
    this.flushSync();
    closeSync(this.fd);
    this.epoch++;
    this.fd = openSync(file, 'a');
    this.bytes = fstatSync(this.fd).size;
  }

  close(): void {
    this.flushSync();
    this.epoch++;
    closeSync(this.fd);
  }

  private writePending(): void {
    this.writeScheduled = false;
    if (this.pending.length === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const count = this.appended;
    this.pending = [];
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset);
    this.written = count;
    if (this.waiters.length > 0) this.scheduleSync();
  }

  private scheduleSync(): void {
    if (this.syncing) return;
    if (this.written < this.appended) return; // the write scheduled for this turn will call back
    this.syncing = true;
    const upTo = this.written;
    const epoch = this.epoch;
    fsync(this.fd, (error) => {
      this.syncing = false;
      // flushSync already made that file durable before it was closed or replaced.
      if (epoch !== this.epoch) return;
      if (error !== null) {
        this.failure = error;
        for (const waiter of this.waiters.splice(0)) waiter.reject(error);
        return;
      }
      this.synced = Math.max(this.synced, upTo);
      this.settleWaiters();
      if (this.waiters.length > 0) this.scheduleSync();
    });
  }

  private settleWaiters(): void {
    const ready = this.waiters.filter((waiter) => waiter.upTo <= this.synced);
    this.waiters = this.waiters.filter((waiter) => waiter.upTo > this.synced);
    for (const waiter of ready) waiter.resolve();
  }
}
