import { readFileSync, watch } from 'node:fs';
import path from 'node:path';

/** Changes that come in a burst (an editor's write, then its rename) count as one. */
const settleMs = 150;

/**
 * Resolves when the file's content differs from `since`, or when the signal aborts. The folder is
 * watched, not the file: editors that save by writing a new file and renaming it over the old
 * one would leave a watcher on the file looking at a file that is gone.
 */
export function waitForFileChange(file: string, since: string, signal: AbortSignal): Promise<'changed' | 'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve('aborted');
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(path.dirname(file), { signal });
    const finish = (outcome: 'changed' | 'aborted') => {
      clearTimeout(timer);
      watcher.close();
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    watcher.on('error', () => undefined);
    watcher.on('change', (_type, name) => {
      if (name !== null && name.toString() !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (readText(file) !== since) finish('changed');
      }, settleMs);
    });
  });
}

/** The file's text, or undefined while it cannot be read (between an editor's unlink and rename). */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
