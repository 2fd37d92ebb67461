import { toConfiguredPort, type LabConfig } from '../config/lab-config.js';
import { ExitCode, RtlabError } from '../errors.js';
import type { ServiceFacts } from '../services/registry/service-definition.js';
import type { OnLabProgress } from './embedded/lab-progress.js';
import { ensureServicePortFree } from './ports/ensure-service-port-free.js';

/**
 * What every runtime does the same way while it starts a lab (embedded, process, docker): the
 * ports checked before anything starts, each part's start told as progress, an interrupted start
 * said as such.
 */

/** Every part's configured port free on `host`, or exit 3 naming the part and the port's holder. */
export async function ensureLabPortsFree(
  config: LabConfig,
  parts: readonly Pick<ServiceFacts, 'name' | 'portSetting'>[],
  host = config.host,
): Promise<void> {
  await Promise.all(
    parts.map((service) =>
      ensureServicePortFree({
        service: service.name,
        port: toConfiguredPort(config, service.portSetting),
        host,
        setting: service.portSetting,
        portFlag: false,
      }),
    ),
  );
}

/** Runs one part's start, telling when it begins and, when it fails (not when it is interrupted), why. */
export async function startStep<T>(
  name: string,
  options: { readonly onProgress: OnLabProgress; readonly signal: AbortSignal },
  start: () => Promise<T>,
): Promise<{ value: T; elapsedMs: number }> {
  options.onProgress({ type: 'starting', service: name });
  const since = Date.now();
  try {
    return { value: await start(), elapsedMs: Date.now() - since };
  } catch (error) {
    if (!options.signal.aborted) options.onProgress({ type: 'failed', service: name, reason: firstLine(error) });
    throw error;
  }
}

/** MongoDB's port from its connection string, when it names one host and port. */
export function toMongoPort(url: string): number | undefined {
  const port = /^mongodb:\/\/(?:[^@/]*@)?[^/:,]+:(\d+)(?:[/?]|$)/.exec(url)?.[1];
  return port === undefined ? undefined : Number(port);
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Ctrl-C or SIGTERM during the start: exit 130, after `undone` (what the runtime stopped again). */
export function interruptedWhileStarting(
  cause: unknown,
  undone = 'everything it had started is stopped again',
): RtlabError {
  return new RtlabError(`Interrupted while the lab was starting; ${undone}.`, {
    exitCode: ExitCode.interrupted,
    cause,
  });
}
