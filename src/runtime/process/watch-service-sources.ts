import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModuleFiles } from './read-module-files.js';

/** The built code every service runs from (`dist/`): what `npm run build:watch` (tsc -w) rewrites. */
const builtRoot = fileURLToPath(new URL('../../', import.meta.url));
/** tsc -w writes a change as a burst of files: one restart once it has been quiet this long. */
const quietMs = 300;

export interface WatchServiceSourcesOptions {
  readonly services: readonly string[];
  /** A service's code changed: restart it (`changedAt`: the burst's first change, older children only). */
  readonly onChange: (service: string, changedAt: number) => void;
  /** Where the built code is (tests); `dist/` by default. */
  readonly root?: string;
}

export interface SourcesWatch {
  close(): void;
}

/**
 * Watches the built code of each service — its registry entry and every module it imports, so
 * a change to the receiver restarts the receiver only, and one to shared code (the MongoDB
 * layer) every service that runs it. A burst of changes restarts each service once.
 */
export function watchServiceSources(options: WatchServiceSourcesOptions): SourcesWatch {
  const root = options.root ?? builtRoot;
  const filesOf = () =>
    new Map(options.services.map((service) => [service, readModuleFiles(toEntry(root, service))] as const));
  let files = filesOf();
  const changed = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const restarts = [...changed];
    changed.clear();
    // Imports may have changed in the burst: a module added to a service is watched from now on.
    files = filesOf();
    for (const [service, changedAt] of restarts) options.onChange(service, changedAt);
  };
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, name) => {
    if (name === null || !name.endsWith('.js')) return;
    const file = path.join(root, name);
    const now = Date.now();
    for (const [service, serviceFiles] of files)
      if (serviceFiles.has(file) && !changed.has(service)) changed.set(service, now);
    if (changed.size === 0) return;
    clearTimeout(timer);
    timer = setTimeout(flush, quietMs);
  });
  // A watch error (the folder removed by a clean build) must not crash the lab: the services keep running.
  watcher.on('error', () => undefined);
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/** A service's registry entry (`services/registry/webhooks-receiver.js`); the whole registry if it has none of its own. */
function toEntry(root: string, service: string): string {
  const own = path.join(root, 'services', 'registry', `${service}.js`);
  return existsSync(own) ? own : path.join(root, 'services', 'registry.js');
}
