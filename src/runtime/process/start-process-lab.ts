import { toConfiguredPort, type LabConfig } from '../../config/lab-config.js';
import { toServiceUrl } from '../../config/service-addresses.js';
import { redactMongoUrl } from '../../mongo/ping-mongo.js';
import { labMongo } from '../../services/registry/mongo.js';
import type { ServiceDefinition } from '../../services/registry/service-definition.js';
import type { RunningPart } from '../embedded/start-embedded-lab.js';
import { startLabMongo } from '../embedded/start-lab-mongo.js';
import type { RunningLab, StartLabOptions } from '../lab-runtime.js';
import { ensureLabPortsFree, firstLine, interruptedWhileStarting, toMongoPort } from '../lab-start-steps.js';
import { superviseLabEngine, type SupervisedLabEngine } from './supervise-lab-engine.js';
import { superviseService, type SupervisedService } from './supervise-service.js';
import { watchServiceSources, type SourcesWatch } from './watch-service-sources.js';

/**
 * What the lab promises a stop takes (rtlab down, Ctrl-C): the children share it, so that the
 * supervisor is done before rtlab's own 10 s shutdown grace ends it.
 */
const stopBudgetMs = 9000;

/**
 * The process runtime: MongoDB as the embedded runtime provides it, then each service of the
 * selection as a child process `rtlab serve <service>`, wave by wave in the registry's order,
 * each waited for from outside through its registry readiness. This process supervises them:
 * a crashed child is reported and restarted with backoff, and with `watch` a service restarts
 * when its built code changes. Every port is checked first (a busy one: exit 3, naming its
 * holder, nothing started); a failed start, or Ctrl-C, stops what had started, in reverse order.
 */
export async function startProcessLab(options: StartLabOptions): Promise<RunningLab> {
  const { config, selection, signal, onProgress } = options;
  const services = selection.waves.flat();
  await ensureLabPortsFree(config, services);

  const running: SupervisedService[] = [];
  let mongo: SupervisedLabEngine | undefined;
  let sources: SourcesWatch | undefined;
  const stopAll = async () => {
    sources?.close();
    const deadline = Date.now() + stopBudgetMs;
    for (const service of running.splice(0).reverse()) {
      onProgress({ type: 'stopping', service: service.name });
      const since = Date.now();
      await service.stop(deadline - Date.now());
      onProgress({ type: 'stopped', service: service.name, elapsedMs: Date.now() - since });
    }
    if (mongo === undefined) return;
    onProgress({ type: 'stopping', service: labMongo.name });
    const since = Date.now();
    const alreadyStopped = await mongo.stop();
    mongo = undefined;
    onProgress({ type: 'stopped', service: labMongo.name, elapsedMs: Date.now() - since, alreadyStopped });
  };
  try {
    onProgress({ type: 'starting', service: labMongo.name });
    const mongoSince = Date.now();
    const mongoLogger = options.logs.forService(labMongo.name);
    const labMongoStarted = await startLabMongo({
      config,
      logger: mongoLogger,
      signal,
      readyTimeoutMs: options.readyTimeoutMs,
    }).catch((error: unknown) => failed(labMongo.name, options, error));
    let startedEnginePid = labMongoStarted.startedEnginePid;
    mongo = superviseLabEngine(labMongoStarted, {
      home: config.home,
      cwd: config.cwd,
      onProgress,
      logger: mongoLogger,
      onRestarted: (pid) => {
        startedEnginePid = pid;
        options.onMongoReady?.(pid);
      },
    });
    options.onMongoReady?.(startedEnginePid);
    const mongoUrl = labMongoStarted.url;
    onProgress({
      type: 'ready',
      service: labMongo.name,
      url: redactMongoUrl(mongoUrl),
      elapsedMs: Date.now() - mongoSince,
    });

    const env = toChildEnv(options, config, mongoUrl);
    for (const wave of selection.waves) {
      signal.throwIfAborted();
      const results = await Promise.allSettled(wave.map((definition) => startService(definition, options, env)));
      for (const result of results) if (result.status === 'fulfilled') running.push(result.value);
      const rejected = results.find((result) => result.status === 'rejected');
      if (rejected !== undefined) throw rejected.reason;
    }
    if (options.watch === true)
      sources = watchServiceSources({
        services: running.map((service) => service.name),
        onChange: (name, changedAt) => void running.find((service) => service.name === name)?.restart(changedAt),
      });
    const parts: RunningPart[] = [
      { name: labMongo.name, url: redactMongoUrl(mongoUrl), port: toMongoPort(mongoUrl) },
      ...running.map((service) => ({ name: service.name, url: service.url, port: service.port })),
    ];
    let stopping: Promise<void> | undefined;
    return {
      parts,
      mongoUrl,
      startedEnginePid,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    if (signal.aborted) throw interruptedWhileStarting(error);
    throw error;
  }
}

async function startService(
  definition: ServiceDefinition,
  options: StartLabOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SupervisedService> {
  const { config, onProgress } = options;
  const port = toConfiguredPort(config, definition.portSetting);
  const url = toServiceUrl(config.host, port);
  onProgress({ type: 'starting', service: definition.name });
  const since = Date.now();
  const service = await superviseService(definition, {
    cwd: config.cwd,
    env,
    url,
    port,
    onProgress,
    onLine: options.onOutput === undefined ? undefined : (line) => options.onOutput?.(definition.name, line),
    logger: options.logs.forService(definition.name),
    signal: options.signal,
    readyTimeoutMs: options.readyTimeoutMs,
  }).catch((error: unknown) => failed(definition.name, options, error));
  onProgress({ type: 'ready', service: definition.name, url, elapsedMs: Date.now() - since });
  return service;
}

/**
 * The children's environment: the lab's own (its `.env` is read again from the same folder, and
 * the ports it picked for port 0 are set), with the MongoDB the lab started and its log level.
 * npm's marker is left out: a child's parent is this supervisor, whose channel it watches.
 */
function toChildEnv(options: StartLabOptions, config: LabConfig, mongoUrl: string) {
  const { npm_command: _npm, ...env } = options.env;
  return { ...env, MONGO_URL: mongoUrl, LOG_LEVEL: config.logLevel };
}

/** A part that did not start says so in the progress (not when Ctrl-C stopped it), then fails the start. */
function failed(service: string, options: StartLabOptions, error: unknown): never {
  if (!options.signal.aborted) {
    options.onProgress({ type: 'failed', service, reason: firstLine(error) });
  }
  throw error;
}
