import { spawnRtlab } from './spawn-rtlab.js';

export interface SpawnedMongo {
  readonly uri: string;
  stop(): Promise<void>;
}

/**
 * The embedded engine in a process of its own (`rtlab mongo serve`), as the lab runs it: it
 * gets its own core instead of sharing this process's event loop.
 */
export async function spawnMongoProcess(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Ctrl-C while it starts: it is stopped and the start rejects. */
  signal?: AbortSignal;
}): Promise<SpawnedMongo> {
  const spawned = await spawnRtlab(['mongo', 'serve', '--port', '0', '--no-persist', '--log-level', 'warn'], {
    ...options,
    ready: (output) => /^(mongodb:\/\/\S+)$/m.exec(output)?.[1],
  });
  return { uri: spawned.value, stop: () => spawned.stop() };
}
