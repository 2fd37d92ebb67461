import { existsSync, watch, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { followFile, readFileLines, type FollowItem } from './follow-file.js';
import type { LogSource } from './log-source.js';

const maxRotatedFiles = 9;

/** One service's log: `<dir>/<service>.log` and its rotated predecessors `.1`, `.2`, … */
export function createFileLogSource(logDir: string, service: string): LogSource {
  const live = path.join(logDir, `${service}.log`);
  return {
    service,
    async *read({ follow, signal }): AsyncGenerator<FollowItem> {
      for (let index = maxRotatedFiles; index >= 1; index--) {
        const rotated = `${live}.${index}`;
        if (!existsSync(rotated)) continue;
        for await (const line of readFileLines(rotated)) yield { type: 'line', line };
      }
      if (follow) {
        yield* followFile(live, { signal });
        return;
      }
      for await (const line of readFileLines(live)) yield { type: 'line', line };
      yield { type: 'caught-up' };
    },
  };
}

/** The services that have a log file in the folder, by name. */
export async function listLoggedServices(logDir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(logDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Regular files only: opening a FIFO named x.log would block until a writer came, and Ctrl-C with it.
  return entries
    .filter((entry) => entry.name.endsWith('.log') && entry.isFile())
    .map((entry) => entry.name.slice(0, -'.log'.length))
    .sort();
}

/**
 * Calls `changed` when a file is created, renamed or removed in the log folder, until the signal
 * aborts. Best effort: where the folder can't be watched (not there yet, no inotify), the caller's
 * periodic look finds the files.
 */
export function watchLogFolder(logDir: string, changed: () => void, signal: AbortSignal): void {
  try {
    const watcher = watch(logDir, { persistent: false, signal }, (event) => {
      if (event === 'rename') changed();
    });
    watcher.on('error', () => watcher.close());
  } catch {
    // ENOENT, ENOSPC (inotify watches exhausted)…: the periodic look still runs.
  }
}
