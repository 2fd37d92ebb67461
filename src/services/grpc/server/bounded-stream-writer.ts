import type { Writable } from 'node:stream';

/**
 * How far a reader of a pushed stream (a WatchOrders watcher, a ChatOrders participant) may fall
 * behind: the bytes of messages written for it and not yet taken by it, and how long they may
 * stay above `maxBytes` before it is dropped. Counted in bytes (an order of 100 items weighs a
 * thousand times a status change), and over a time, so that a reader that reads, late for a
 * moment behind a burst on a loaded machine, is never dropped: only one that stays behind.
 */
export interface SlowReaderBound {
  readonly maxBytes: number;
  readonly graceMs: number;
}

export const defaultSlowReaderBound: SlowReaderBound = { maxBytes: 8 * 1024 * 1024, graceMs: 5000 };

export interface BoundedStreamWriter<T> {
  /** Queues `message` for the reader; ignored once the writer is closed. */
  write(message: T): void;
  /** Hands what is still queued to the call, whose end then follows it, and stops the bound. */
  finish(): void;
  /** Drops what is still queued and stops the bound (the caller went away). */
  drop(): void;
}

/**
 * Writes pushed messages to a server stream with backpressure: a message goes to the call only
 * while its buffer has room (`writableNeedDrain` false), the rest wait here until 'drain'. What
 * the reader has not taken is what waits here plus what the call holds until grpc-js reports the
 * write done (its callback runs once HTTP/2 flow control let the frame out). Once that stays over
 * `bound.maxBytes` for `bound.graceMs`, the queue is dropped (its memory freed at once) and
 * `onTooSlow` is called, once, to end the stream.
 */
export function createBoundedStreamWriter<T extends object>(
  call: Writable,
  options: { bound: SlowReaderBound; sizeOf: (message: T) => number; onTooSlow: (waitingBytes: number) => void },
): BoundedStreamWriter<T> {
  const { bound } = options;
  const queue: Array<{ message: T; bytes: number }> = [];
  let waitingBytes = 0;
  let closed = false;
  let overTimer: NodeJS.Timeout | undefined;

  const taken = (bytes: number) => {
    waitingBytes -= bytes;
    if (waitingBytes <= bound.maxBytes) clearOver();
  };
  const send = (message: T, bytes: number) => call.write(message, () => taken(bytes));
  const flush = () => {
    while (!closed && queue.length > 0 && !call.writableNeedDrain) {
      const next = queue.shift()!;
      send(next.message, next.bytes);
    }
  };
  const clearOver = () => {
    clearTimeout(overTimer);
    overTimer = undefined;
  };
  const close = (handOver: boolean) => {
    if (closed) return;
    closed = true;
    clearOver();
    for (const { message, bytes } of handOver ? queue : []) send(message, bytes);
    queue.length = 0;
    call.off('drain', flush);
  };
  call.on('drain', flush);

  return {
    write(message) {
      if (closed) return;
      const bytes = options.sizeOf(message);
      waitingBytes += bytes;
      if (queue.length === 0 && !call.writableNeedDrain) send(message, bytes);
      else queue.push({ message, bytes });
      if (waitingBytes <= bound.maxBytes || overTimer !== undefined) return;
      overTimer = setTimeout(() => {
        overTimer = undefined;
        if (closed || waitingBytes <= bound.maxBytes) return;
        const waiting = waitingBytes;
        close(false);
        options.onTooSlow(waiting);
      }, bound.graceMs);
    },
    finish: () => close(true),
    drop: () => close(false),
  };
}

/**
 * The serialized size of a message, computed once per message object: a change written to a
 * thousand watchers is measured once.
 */
export function createMessageSizer<T extends object>(serialize: (message: T) => Buffer): (message: T) => number {
  const sizes = new WeakMap<T, number>();
  return (message) => {
    let size = sizes.get(message);
    if (size === undefined) sizes.set(message, (size = serialize(message).length));
    return size;
  };
}

/** Bytes as MiB for a message to people (0.25, 8). */
export function toMiB(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 100) / 100;
}
