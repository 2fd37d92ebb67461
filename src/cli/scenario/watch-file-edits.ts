import { readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Changes that come in a burst (an editor's write, then its rename) count as one. */
const settleMs = 150;

/** `--watch`'s view of one file, open for the whole session. */
export interface FileEdits {
  /**
   * The file's text once it differs from `since` (the text last run), settled; undefined when the
   * signal aborts. A save made while nobody waited (during a run, or while a broken save was being
   * reported) is found at once: the text is compared, so no event, mtime or timing decides it.
   */
  next(since: string, signal: AbortSignal): Promise<string | undefined>;
  close(): void;
}

/**
 * Watches the file's folder, not the file: editors that save by writing a new file and renaming
 * it over the old one would leave a watcher on the file looking at a file that is gone. The
 * watcher stays open between waits and counts events, so one that arrives between reading the
 * text and waiting is not lost.
 */
export function watchFileEdits(file: string): FileEdits {
  let events = 0;
  let wake: (() => void) | undefined;
  const watcher = watch(path.dirname(file));
  watcher.on('error', () => undefined);
  watcher.on('change', (_type, name) => {
    if (name !== null && name.toString() !== path.basename(file)) return;
    events++;
    wake?.();
  });
  const eventAfter = (seen: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (events > seen || signal.aborted) return resolve();
      const done = () => {
        wake = undefined;
        signal.removeEventListener('abort', done);
        resolve();
      };
      wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  return {
    async next(since, signal) {
      while (!signal.aborted) {
        const seen = events;
        const current = readText(file);
        if (current === since || current === undefined) {
          await eventAfter(seen, signal);
          continue;
        }
        // Changed: let the burst end (no event for settleMs), so a half-written file is not run.
        for (let quiet = -1; quiet !== events && !signal.aborted;) {
          quiet = events;
          await sleep(settleMs, undefined, { signal }).catch(() => undefined);
        }
        const text = readText(file);
        if (text !== undefined && text !== since && !signal.aborted) return text;
      }
      return undefined;
    },
    close: () => watcher.close(),
  };
}

/** The file's text, or undefined while it cannot be read (between an editor's unlink and rename). */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
