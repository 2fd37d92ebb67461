import { spawnRtlab, type SpawnedRtlab } from '../../runtime/spawn-rtlab.js';

/** An rtlab process a benchmark can crash (SIGKILL) and start again on the same port and data. */
export interface RestartableProcess {
  readonly name: string;
  crash(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableProcess(
  name: string,
  args: readonly string[],
  options: {
    cwd: string;
    env: Readonly<Record<string, string | undefined>>;
    ready: RegExp;
    /** Ctrl-C during a start: the child is stopped and the start rejects. */
    signal?: AbortSignal;
  },
): Promise<RestartableProcess> {
  const start = () =>
    spawnRtlab(args, {
      cwd: options.cwd,
      env: options.env,
      ready: (output) => (options.ready.test(output) ? true : undefined),
      timeoutMs: 30_000,
      signal: options.signal,
    });
  let current: SpawnedRtlab<true> | undefined = await start();
  return {
    name,
    crash: async () => {
      await current?.kill('SIGKILL');
      current = undefined;
    },
    restart: async () => {
      await current?.stop();
      current = await start();
    },
    stop: async () => {
      await current?.stop();
      current = undefined;
    },
  };
}
