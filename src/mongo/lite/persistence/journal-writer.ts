import { closeSync, fstatSync, fsync, fsyncSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import type { Document } from 'bson';
import { encodeRecord, fileMagic } from './journal-format.js';
import type { EncodedRecord } from './put-record.js';
import { toJournalWriteError } from './journal-write-error.js';

/** Called when the group holding a record is written (true) or failed and was undone (false). */
export type GroupOutcome = (written: boolean) => void;

interface Waiter {
  readonly upTo: number;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Appends records to the current journal file with group commit: records appended during one
 * turn of the event loop are written with one write, and one fsync covers everything written
 * before it. A write is in the OS's hands (safe from a SIGKILL) within a turn; a `j: true` write
 * waits for the fsync that covers it (safe from power loss).
 *
 * A group the disk refuses (full, file size limit) is cut off the file again and undone in
 * memory, newest first, and everyone waiting on it is told: nothing half-written stays on disk,
 * and what clients were told failed is not in memory. The next group tries again.
 */
export class JournalWriter {
  private fd: number;
  private pending: Buffer[] = [];
  private undos: Array<() => void> = [];
  private outcomes: GroupOutcome[] = [];
  private beforeWriteHooks: Array<() => void> = [];
  private writeScheduled = false;
  private appended = 0;
  private written = 0;
  private synced = 0;
  private syncing = false;
  private writeWaiters: Waiter[] = [];
  private syncWaiters: Waiter[] = [];
  private failure: Error | undefined;
  /** Bumped when the file changes: an fsync of an older file reports nothing. */
  private epoch = 0;
  /** Bytes of the file that hold whole groups: where a failed group is cut back to. */
  private fileBytes: number;
  /** The number the file's next record gets (see journal-format.ts). */
  private nextSequence: number;
  bytes: number;

  /** `nextSequence`: the number of the record after the file's last valid one (0 for a new file). */
  constructor(file: string, nextSequence: number) {
    this.nextSequence = nextSequence;
    this.fd = openJournal(file);
    this.fileBytes = fstatSync(this.fd).size;
    this.bytes = this.fileBytes;
  }

  /** Queues a record; `undo` reverts its effect in memory if its group cannot be written. */
  append(record: Document | EncodedRecord, undo: () => void = () => undefined): void {
    if (this.failure !== undefined) throw this.failure;
    const frame = encodeRecord(record, this.nextSequence++);
    this.pending.push(frame);
    this.undos.push(undo);
    this.bytes += frame.length;
    this.appended++;
    if (!this.writeScheduled) {
      this.writeScheduled = true;
      setImmediate(() => this.writePending());
    }
  }

  /** How many records were appended so far: tells whether a record is still the last one. */
  get appendedCount(): number {
    return this.appended;
  }

  /**
   * Encodes the last record appended again, as `record` (what became known about it in the same
   * turn, see JournalSink.changeRecorded); it keeps its sequence number and its undo.
   */
  amendLast(record: Document | EncodedRecord): void {
    const previous = this.pending.pop();
    if (previous === undefined) return;
    const frame = encodeRecord(record, this.nextSequence - 1);
    this.pending.push(frame);
    this.bytes += frame.length - previous.length;
  }

  /** Runs `outcome` once the records appended so far are written, or have failed. */
  onGroupOutcome(outcome: GroupOutcome): void {
    if (this.pending.length === 0) outcome(true);
    else this.outcomes.push(outcome);
  }

  /** Resolves once every record appended so far is written to the file (not yet fsynced). */
  waitForWrite(): Promise<void> {
    if (this.written >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => this.writeWaiters.push({ upTo: this.appended, resolve, reject }));
  }

  /** Resolves once every record appended so far is on disk (fsync). */
  waitForSync(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.synced >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.syncWaiters.push({ upTo: this.appended, resolve, reject });
      this.scheduleSync();
    });
  }

  /** Writes and fsyncs everything now, synchronously (shutdown, compaction). */
  flushSync(): void {
    this.writePending();
    fsyncSync(this.fd);
    this.synced = this.written;
    this.syncWaiters = settle(this.syncWaiters, this.synced);
  }

  /** Continues in a new file: used by compaction after the snapshot took the old state. */
  switchTo(file: string): void {
    this.flushSync();
    // Opened before the old file is closed: if the new file cannot be created, nothing changed.
    const fd = openJournal(file);
    closeSync(this.fd);
    this.epoch++;
    this.fd = fd;
    this.nextSequence = 0;
    this.fileBytes = fstatSync(this.fd).size;
    this.bytes = this.fileBytes;
  }

  close(): void {
    this.flushSync();
    this.epoch++;
    closeSync(this.fd);
  }

  /**
   * Runs `hook` once, right before the next group is written, so that it can add records to that
   * group: the session table records a command's statements in the group that holds them.
   */
  beforeNextWrite(hook: () => void): void {
    this.beforeWriteHooks.push(hook);
  }

  private writePending(): void {
    // Before the flag drops: what the hooks append joins this group without scheduling another.
    for (const hook of this.beforeWriteHooks.splice(0)) hook();
    this.writeScheduled = false;
    if (this.pending.length === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const undos = this.undos;
    const outcomes = this.outcomes;
    this.pending = [];
    this.undos = [];
    this.outcomes = [];
    try {
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset);
    } catch (error) {
      this.abandonGroup(chunk.length, undos, outcomes, toJournalWriteError(error));
      return;
    }
    this.fileBytes += chunk.length;
    this.written = this.appended;
    this.writeWaiters = settle(this.writeWaiters, this.written);
    for (const outcome of outcomes) outcome(true);
    if (this.syncWaiters.length > 0) this.scheduleSync();
  }

  private abandonGroup(length: number, undos: Array<() => void>, outcomes: GroupOutcome[], error: Error): void {
    // Shrinking needs no space: the torn part of the group is gone before anything follows it.
    // If even that fails, appending after the torn bytes would corrupt the journal: stop writing.
    try {
      ftruncateSync(this.fd, this.fileBytes);
    } catch (truncateError) {
      this.failure = toJournalWriteError(truncateError);
    }
    for (let i = undos.length - 1; i >= 0; i--) undos[i]!();
    this.nextSequence -= undos.length;
    for (const outcome of outcomes) outcome(false);
    this.bytes -= length;
    this.appended = this.written;
    for (const waiter of this.writeWaiters.splice(0)) waiter.reject(error);
    for (const waiter of this.syncWaiters.filter((waiter) => waiter.upTo > this.written)) waiter.reject(error);
    this.syncWaiters = this.syncWaiters.filter((waiter) => waiter.upTo <= this.written);
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
        // After a failed fsync the kernel may have dropped the pages: nothing can be promised.
        this.failure = toJournalWriteError(error);
        for (const waiter of this.syncWaiters.splice(0)) waiter.reject(this.failure);
        return;
      }
      this.synced = Math.max(this.synced, upTo);
      this.syncWaiters = settle(this.syncWaiters, this.synced);
      if (this.syncWaiters.length > 0) this.scheduleSync();
    });
  }
}

/**
 * Opens a journal for appending. A new (empty) one gets the format's magic first, fsynced before
 * any record: a file cut inside its magic then holds no record, and loading cuts it as torn.
 */
function openJournal(file: string): number {
  const fd = openSync(file, 'a');
  if (fstatSync(fd).size > 0) return fd;
  try {
    writeSync(fd, fileMagic);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw error;
  }
  return fd;
}

/** Resolves the waiters covered by `upTo`; returns those still waiting. */
function settle(waiters: Waiter[], upTo: number): Waiter[] {
  const still: Waiter[] = [];
  for (const waiter of waiters) {
    if (waiter.upTo <= upTo) waiter.resolve();
    else still.push(waiter);
  }
  return still;
}
