import { spawnRtlab } from './spawn-rtlab.js';

export interface SpawnedMongo {
  readonly uri: string;
  /** Its process id, for the benchmarks' CPU accounting. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The embedded engine in a process of its own (`rtlab mongo serve`), as the lab runs it: it
 * gets its own core instead of sharing this process's event loop. With `dbPath` it journals to
 * that directory as the lab's engine does (a `j: true` write waits for its fsync); without, it
 * keeps data in memory only.
 */
export async function spawnMongoProcess(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  dbPath?: string;
  /** Ctrl-C while it starts: it is stopped and the start rejects. */
  signal?: AbortSignal;
}): Promise<SpawnedMongo> {
  const storage = options.dbPath === undefined ? ['--no-persist'] : ['--dbpath', options.dbPath];
  const spawned = await spawnRtlab(['mongo', 'serve', '--port', '0', ...storage, '--log-level', 'warn'], {
    cwd: options.cwd,
    env: options.env,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ready: (output) => /^(mongodb:\/\/\S+)$/m.exec(output)?.[1],
    // A benchmark starts several processes one after the other; on a machine loaded by other work each can take long.
    timeoutMs: 60_000,
  });
  return { uri: spawned.value, pid: spawned.pid, stop: () => spawned.stop() };
}
