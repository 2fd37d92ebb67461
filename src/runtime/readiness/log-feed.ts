import type { Readable } from 'node:stream';

/**
 * The recent log lines of one service, as its runtime sees them (a child's output, a logger in
 * this process): the log-line check counts in them and a readiness timeout quotes their tail.
 */
export interface LogFeed {
  /** Lines seen since the feed was created, oldest first (the most recent `maxLines` of them). */
  lines(): readonly string[];
  /** Adds output; partial lines wait for their end. */
  push(text: string): void;
}

export function createLogFeed(maxLines = 2000): LogFeed {
  const kept: string[] = [];
  let partial = '';
  return {
    lines: () => (partial === '' ? kept : [...kept, partial]),
    push(text) {
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      kept.push(...parts.filter((line) => line !== ''));
      if (kept.length > maxLines) kept.splice(0, kept.length - maxLines);
    },
  };
}

/** A feed of everything a child process writes to these streams. */
export function feedFromStreams(...streams: ReadonlyArray<Readable | null | undefined>): LogFeed {
  const feed = createLogFeed();
  for (const stream of streams) stream?.on('data', (chunk: Buffer | string) => feed.push(chunk.toString()));
  return feed;
}
