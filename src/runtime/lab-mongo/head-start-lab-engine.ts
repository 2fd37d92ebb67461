import type { LabConfig } from '../../config/lab-config.js';
import type { LabRuntimeName } from '../lab-runtime.js';
import { probePort } from '../ports/probe-port.js';
import { readLiveEngineRecord } from '../shared-mongo/engine-record.js';
import { startSharedEngine } from '../shared-mongo/start-shared-engine.js';
import { stopSharedEngine } from '../shared-mongo/stop-shared-engine.js';

type StartedEngine = Awaited<ReturnType<typeof startSharedEngine>>;

/**
 * Engines started ahead of time, by RTLAB_HOME, until provideLabMongo takes one. Kept here rather
 * than passed through the runtime seam, whose options every runtime shares.
 */
const headStarts = new Map<string, Promise<StartedEngine | undefined>>();

/**
 * Starts the lab's embedded MongoDB now, while the services' modules load (a second or more on
 * a busy machine), so that the two overlap; provideLabMongo then takes this engine instead of
 * starting one. Only when nothing can make that start wrong: the embedded runtime and engine, no
 * engine recorded yet, and every configured port free — a busy one is for the ordinary path to
 * report before anything starts. Returns the release to call once the lab has started or
 * failed: it stops the engine when nobody took it.
 */
export async function headStartLabEngine(
  config: LabConfig,
  runtime: LabRuntimeName,
  signal: AbortSignal,
): Promise<() => Promise<void>> {
  const plan = config.mongo;
  if (runtime !== 'embedded' || plan.kind !== 'lite' || readLiveEngineRecord(config.home) !== undefined)
    return async () => undefined;
  const ports = Object.values(config.ports).filter((port) => port !== 0);
  const probes = await Promise.all(ports.map((port) => probePort(port)));
  if (probes.some((probe) => probe.status !== 'free')) return async () => undefined;
  // A failed head start is no error: the ordinary path starts the engine again and says why it fails.
  const started = startSharedEngine({ home: config.home, cwd: config.cwd, port: plan.port, signal }).catch(
    () => undefined,
  );
  headStarts.set(config.home, started);
  return async () => {
    if (headStarts.get(config.home) !== started) return;
    headStarts.delete(config.home);
    const engine = await started;
    if (engine?.startedHere === true && readLiveEngineRecord(config.home)?.pid === engine.pid)
      await stopSharedEngine(config.home);
  };
}

/** The engine started ahead of time for this RTLAB_HOME, once listening; undefined when none was (or it failed). */
export async function takeHeadStartedEngine(home: string): Promise<StartedEngine | undefined> {
  const started = headStarts.get(home);
  headStarts.delete(home);
  return started;
}
