import { setTimeout as sleep } from 'node:timers/promises';
import { describeFsError } from './describe-fs-error.js';
import { parseLogLine, type LogEntry } from './log-entry.js';
import { matchesLogFilter, type LogFilter } from './log-filter.js';
import type { LogSource } from './log-source.js';

export interface TailLogsOptions {
  readonly sources: readonly LogSource[];
  /** While following, called now and then to add sources that appeared (a service started later). */
  readonly discoverSources?: () => Promise<readonly LogSource[]>;
  /**
   * Calls `changed` when sources may have appeared (a file created in the log folder), so they are
   * discovered at once rather than at the next second's look; the look stays as the fallback.
   */
  readonly watchSources?: (changed: () => void, signal: AbortSignal) => void;
  /** How often `discoverSources` is called without a `changed` (1 s). */
  readonly lookEveryMs?: number;
  readonly filter: LogFilter;
  readonly follow: boolean;
  /** Show only the last N matching lines of the history (all when undefined). */
  readonly lines?: number;
  readonly signal: AbortSignal;
  readonly onEntry: (entry: LogEntry) => void;
  /** A source that cannot be read (EISDIR, EIO…) is told here and skipped; stderr by default. */
  readonly onSourceError?: (message: string) => void;
}

/**
 * Reads the history of every source, merges it in time order, then (when following) passes on
 * new lines as they arrive, until the signal aborts.
 */
export async function tailLogs(options: TailLogsOptions): Promise<void> {
  const history: LogEntry[] = [];
  let live = false;
  const emit = (entry: LogEntry) => {
    if (!matchesLogFilter(entry, options.filter)) return;
    if (live) options.onEntry(entry);
    else history.push(entry);
  };

  const reading = new Map<string, Promise<void>>();
  const start = (source: LogSource) =>
    new Promise<void>((caughtUp) => {
      const done = (async () => {
        try {
          for await (const item of source.read({ follow: options.follow, signal: options.signal })) {
            if (item.type === 'caught-up') caughtUp();
            else emit(parseLogLine(item.line, source.service));
          }
        } catch (error) {
          // One unreadable file must not take the other services' lines down with it.
          const message = `rtlab: cannot read the logs of ${source.service} (${describeFsError(error)}); skipping them`;
          if (options.onSourceError !== undefined) options.onSourceError(message);
          else process.stderr.write(`${message}\n`);
        } finally {
          caughtUp();
        }
      })();
      reading.set(source.service, done);
    });

  await Promise.all(options.sources.map(start));
  // Sort is stable: lines of one service with the same timestamp keep their order.
  history.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const shown = options.lines === undefined ? history : history.slice(Math.max(0, history.length - options.lines));
  for (const entry of shown) options.onEntry(entry);
  live = true;

  if (options.follow && options.discoverSources !== undefined) {
    const nudge = createNudge();
    options.watchSources?.(nudge.poke, options.signal);
    while (!options.signal.aborted) {
      for (const source of await options.discoverSources()) {
        if (!reading.has(source.service)) void start(source);
      }
      await nudge.wait(options.lookEveryMs ?? 1000, options.signal);
    }
  }
  await Promise.all(reading.values());
}

/** A wait that a poke ends early; a poke while no one waits ends the next wait at once. */
function createNudge() {
  let poked = false;
  let wakeUp: (() => void) | undefined;
  return {
    poke: () => {
      poked = true;
      wakeUp?.();
    },
    wait: async (ms: number, signal: AbortSignal) => {
      if (!poked) {
        const woken = new AbortController();
        wakeUp = () => woken.abort();
        await sleep(ms, undefined, { signal: AbortSignal.any([signal, woken.signal]) }).catch(() => undefined);
        wakeUp = undefined;
      }
      poked = false;
    },
  };
}
