import type { LabConfig } from '../../config/lab-config.js';
import type { LoggerFactory } from '../../log/create-logger-factory.js';
import { redactMongoUrl } from '../../mongo/ping-mongo.js';
import { labMongo } from '../../services/registry/mongo.js';
import type { ServiceTuning } from '../../services/registry/service-definition.js';
import { ensureLabPortsFree, interruptedWhileStarting, startStep, toMongoPort } from '../lab-start-steps.js';
import { superviseLabEngine } from '../process/supervise-lab-engine.js';
import { startReadyService } from '../start-ready-service.js';
import type { OnLabProgress } from './lab-progress.js';
import type { LabSelection } from './select-lab-parts.js';
import { ServiceSlot } from './service-slot.js';
import { startLabMongo } from './start-lab-mongo.js';

export interface StartEmbeddedLabOptions {
  readonly config: LabConfig;
  readonly logs: LoggerFactory;
  readonly selection: LabSelection;
  /** Aborted by Ctrl-C or SIGTERM: a start cut short stops what it had started. */
  readonly signal: AbortSignal;
  readonly onProgress: OnLabProgress;
  /** MongoDB is up: the engine this lab started, if it started one, so that it is recorded before anything else starts. */
  readonly onMongoReady?: (startedEnginePid: number | undefined) => void;
  readonly readyTimeoutMs?: number;
  /** The services' knobs that are not settings: the scenario runner's lab gives the sender a short retry schedule. */
  readonly tuning?: ServiceTuning;
}

/** One running part of the lab, MongoDB included, as a runtime reports it. */
export interface RunningPart {
  readonly name: string;
  /** A service's base URL; MongoDB's connection string without credentials. */
  readonly url: string;
  readonly port: number | undefined;
}

export interface EmbeddedLab {
  /** MongoDB first, then the services in the order they started. */
  readonly parts: readonly RunningPart[];
  readonly mongoUrl: string;
  readonly startedEnginePid: number | undefined;
  /** Stops every part in reverse order of start, MongoDB last. Idempotent. */
  stop(): Promise<void>;
  /**
   * One service (not MongoDB) by name, to stop and start again while the rest of the lab runs on:
   * the faults of a scenario. Undefined when the lab runs no such service; absent on a runtime
   * whose services cannot be stopped one by one from here (process, docker).
   */
  readonly service?: (name: string) => ServiceSlot | undefined;
}

interface Stoppable {
  readonly name: string;
  /** Resolves with why it had stopped already, when it had (an engine killed and not restarted yet). */
  stop(): Promise<string | void>;
  /** What its stop leaves running (MongoDB this lab did not start): said, not reported as stopped. */
  readonly leftRunning?: string;
}

/**
 * The embedded runtime: MongoDB, then the registry's services of the chosen profiles in this one
 * process, wave by wave in dependency order, each waited for through its registry readiness.
 * Every port is checked first, so a busy one (exit 3, naming its holder) starts nothing. Any
 * failure, or Ctrl-C, stops what had started, in reverse order, before the error is passed on.
 */
export async function startEmbeddedLab(options: StartEmbeddedLabOptions): Promise<EmbeddedLab> {
  const { config, selection, signal, onProgress } = options;
  const services = selection.waves.flat();
  await ensureLabPortsFree(config, services);

  const started: Stoppable[] = [];
  const parts: RunningPart[] = [];
  const slots = new Map<string, ServiceSlot>();
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) {
      onProgress({ type: 'stopping', service: part.name });
      const since = Date.now();
      const alreadyStopped = (await part.stop()) ?? undefined;
      const elapsedMs = Date.now() - since;
      onProgress({ type: 'stopped', service: part.name, elapsedMs, leftRunning: part.leftRunning, alreadyStopped });
    }
  };
  try {
    const { value: mongo, elapsedMs } = await startStep(labMongo.name, options, () =>
      startLabMongo({
        config,
        logger: options.logs.forService(labMongo.name),
        signal,
        readyTimeoutMs: options.readyTimeoutMs,
      }),
    );
    // Only what this lab started is stopped with it: an engine it found running, or a URL's server, goes on.
    const keptRunning = mongo.startedEnginePid === undefined && config.mongo.kind !== 'memory';
    // The engine this lab started is restarted after a crash, as the process runtime does.
    const engine = superviseLabEngine(mongo, {
      home: config.home,
      cwd: config.cwd,
      onProgress,
      logger: options.logs.forService(labMongo.name),
      onRestarted: (pid) => options.onMongoReady?.(pid),
    });
    started.push({ name: labMongo.name, stop: engine.stop, leftRunning: keptRunning ? mongo.description : undefined });
    parts.push({ name: labMongo.name, url: redactMongoUrl(mongo.url), port: toMongoPort(mongo.url) });
    options.onMongoReady?.(mongo.startedEnginePid);
    onProgress({ type: 'ready', service: labMongo.name, url: redactMongoUrl(mongo.url), elapsedMs });

    for (const wave of selection.waves) {
      signal.throwIfAborted();
      const results = await Promise.allSettled(
        wave.map((definition) =>
          startStep(definition.name, options, () =>
            startReadyService(definition, {
              config,
              logs: options.logs,
              db: definition.needsMongo ? mongo.db : undefined,
              readyTimeoutMs: options.readyTimeoutMs,
              tuning: options.tuning,
              signal,
            }),
          ),
        ),
      );
      for (const result of results) {
        if (result.status !== 'fulfilled') continue;
        const { service } = result.value.value;
        const { elapsedMs } = result.value;
        const definition = wave.find((candidate) => candidate.name === service.name)!;
        const slot = new ServiceSlot(definition, service, {
          config,
          logs: options.logs,
          db: definition.needsMongo ? mongo.db : undefined,
          readyTimeoutMs: options.readyTimeoutMs,
          tuning: options.tuning,
        });
        slots.set(slot.name, slot);
        started.push({ name: slot.name, stop: () => slot.close() });
        parts.push({ name: service.name, url: service.url, port: service.port });
        onProgress({ type: 'ready', service: service.name, url: service.url, elapsedMs });
      }
      const failed = results.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    }
    let stopping: Promise<void> | undefined;
    return {
      parts,
      mongoUrl: mongo.url,
      startedEnginePid: mongo.startedEnginePid,
      stop: () => (stopping ??= stopAll()),
      service: (name) => slots.get(name),
    };
  } catch (error) {
    await stopAll();
    if (signal.aborted) throw interruptedWhileStarting(error);
    throw error;
  }
}
