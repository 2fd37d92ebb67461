import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { toConfiguredPort } from '../../config/lab-config.js';
import { toLoopbackUrl } from '../../config/service-addresses.js';
import { labMongo } from '../../services/registry/mongo.js';
import type { OneShotFacts, ServiceDefinition } from '../../services/registry/service-definition.js';
import type { RunOneShotOptions } from '../embedded/run-one-shot.js';
import type { RunningPart } from '../embedded/start-embedded-lab.js';
import type { RunningLab, StartLabOptions } from '../lab-runtime.js';
import { ensureLabPortsFree, interruptedWhileStarting, startStep } from '../lab-start-steps.js';
import { toReadinessCheck } from '../readiness/to-readiness-check.js';
import { waitUntilReady } from '../readiness/wait-until-ready.js';
import { buildLabImage } from './build-lab-image.js';
import { connectDocker } from './connect-docker.js';
import { dockerLabNames, type DockerLabNames } from './docker-lab-names.js';
import { toLabContainerEnv, toServiceContainerEnv } from './lab-container-env.js';
import { removeDockerLab, type StoppedContainer } from './remove-docker-lab.js';
import { createLabContainer, startLabContainer, type LabContainer } from './run-lab-container.js';
import { startInDependencyOrder } from './start-in-dependency-order.js';
import { startDockerMongo } from './start-docker-mongo.js';
import { watchContainerExit } from './watch-container-exit.js';

/** The log (and progress line) of the image build. */
const imagePart = 'image';
/** 128 + SIGKILL: the engine killed a container that had not exited after its stop's grace period. */
const killedExitCode = 137;

/**
 * The docker runtime: the lab's image (built from docker/Dockerfile unless an image of these
 * sources is there), then on a network and a volume of the lab's own, `mongo` and one container
 * per service (`rtlab serve <service>`). Every service's container is created while MongoDB
 * starts; each is started as soon as MongoDB and the services it comes `after` are ready, and
 * waited for from this machine through its registry readiness on its loopback-published port,
 * its log lines followed into the lab's logs. A failure or Ctrl-C removes every container and
 * the network again; the volume stays for the next start (`rtlab down --volumes` drops it).
 */
export async function startDockerLab(options: StartLabOptions): Promise<RunningLab> {
  const { config, selection, signal, onProgress, logs } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const env = toLabContainerEnv(config);
  const mongoPort = toConfiguredPort(config, labMongo.portSetting);
  const services = selection.waves.flat();
  // Published on loopback only, whatever host the services inside the containers listen on.
  await ensureLabPortsFree(config, [labMongo, ...services], '127.0.0.1');
  const docker = await connectDocker();
  const names = dockerLabNames(config.home);
  const followed: LabContainer[] = [];
  const removeAll = async () => {
    const stopped = await removeDockerLab(docker, names);
    // Each service's last lines (its "stopped") are still on their way: its output ends with it.
    await Promise.all(followed.map((running) => Promise.race([running.logs.ended, sleep(1000)])));
    for (const running of followed.splice(0)) running.logs.stop();
    return stopped;
  };
  try {
    const [image] = await settleAll([
      startStep(imagePart, options, () =>
        buildLabImage(docker, { nodeImage: config.containerImages.node, logger: logs.forService(imagePart) }),
      ),
      createLabNetwork(docker, names),
    ]);
    onProgress({ type: 'ready', service: imagePart, url: image.value.tag, elapsedMs: image.elapsedMs });

    const serviceEnv = toServiceContainerEnv(config, env);
    const [mongo, containers] = await settleAll([
      startStep(labMongo.name, options, () =>
        startDockerMongo(docker, names, {
          mongoImage: config.containerImages.mongo,
          labImage: image.value.id,
          port: mongoPort,
          env,
          logger: logs.forService(labMongo.name),
          signal,
          readyTimeoutMs,
        }),
      ),
      Promise.all(
        services.map(async (definition) => {
          const port = toConfiguredPort(config, definition.portSetting);
          const spec = { part: definition.name, image: image.value.id, cmd: ['serve', definition.name], port };
          const container = await createLabContainer(docker, names, { ...spec, env: serviceEnv(definition.name) });
          return [definition.name, container] as const;
        }),
      ),
    ]);
    followed.push(mongo.value.running);
    const parts: RunningPart[] = [{ name: labMongo.name, url: mongo.value.url, port: mongoPort }];
    options.onMongoReady?.(undefined);
    onProgress({ type: 'ready', service: labMongo.name, url: mongo.value.url, elapsedMs: mongo.elapsedMs });

    const created = new Map(containers);
    await startInDependencyOrder(
      services,
      async (definition, stopping) => {
        const step = await startStep(definition.name, { onProgress, signal: stopping }, () =>
          startServiceContainer(docker, definition, created.get(definition.name)!, {
            ...options,
            signal: stopping,
            readyTimeoutMs,
            followed,
          }),
        );
        parts.push(step.value);
        onProgress({ type: 'ready', service: step.value.name, url: step.value.url, elapsedMs: step.elapsedMs });
      },
      signal,
    );
    let stopping: Promise<void> | undefined;
    return {
      parts,
      mongoUrl: mongo.value.url,
      startedEnginePid: undefined,
      stop: () => (stopping ??= stopInOrder(parts, options, removeAll)),
      runOneShot: (oneShot, run) => runOneShotContainer(docker, names, oneShot, { ...run, image: image.value.id, env }),
    };
  } catch (error) {
    await removeAll();
    if (signal.aborted) throw interruptedWhileStarting(error, 'its containers and network are removed again');
    throw error;
  }
}

/** What an earlier lab of this folder left (its supervisor killed) goes first: its names would collide. */
async function createLabNetwork(docker: Docker, names: DockerLabNames): Promise<void> {
  await removeDockerLab(docker, names);
  await Promise.all([
    docker.createNetwork({ Name: names.network, Labels: { ...names.labels } }),
    docker.createVolume({ Name: names.volume, Labels: { ...names.labels } }),
  ]);
}

/**
 * Awaits every step, also when one fails early, so that nothing is still being created when the
 * lab is removed; then throws the first failure.
 */
async function settleAll<T extends readonly unknown[]>(steps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

interface ServiceStart extends StartLabOptions {
  readonly readyTimeoutMs: number;
  /** Where its followed output goes, for the lab's stop. */
  readonly followed: LabContainer[];
}

/** One service's created container, started, ready by its registry check from this machine (its log line, its health). */
async function startServiceContainer(
  docker: Docker,
  definition: ServiceDefinition,
  container: Docker.Container,
  options: ServiceStart,
): Promise<RunningPart> {
  const port = toConfiguredPort(options.config, definition.portSetting);
  const running = await startLabContainer(docker, container, options.logs.forService(definition.name));
  options.followed.push(running);
  const url = toLoopbackUrl(port);
  await waitUntilReady(
    toReadinessCheck(definition.readiness),
    { service: definition.name, url, port, logs: running.logs.feed },
    {
      timeoutMs: options.readyTimeoutMs,
      signal: AbortSignal.any([options.signal, watchContainerExit(running.container, definition.name, running.logs)]),
      tailLines: 50,
    },
  );
  return { name: definition.name, url, port };
}

/**
 * The seed's `grpc-client`: a container that runs its command once; resolves with its exit code.
 * Told to stop while its container is still being created (the engine can take seconds), it is
 * never started (null): the lab's stop, which waits for it, removes it by label with the rest.
 */
async function runOneShotContainer(
  docker: Docker,
  names: DockerLabNames,
  oneShot: OneShotFacts,
  options: Pick<RunOneShotOptions, 'logger' | 'signal'> & { readonly image: string; readonly env: readonly string[] },
): Promise<number | null> {
  const spec = { part: oneShot.name, image: options.image, cmd: oneShot.command, env: options.env };
  const created = await createLabContainer(docker, names, spec);
  if (options.signal.aborted) return null;
  const running = await startLabContainer(docker, created, options.logger);
  const stop = () => void running.container.stop({ t: 2 }).catch(() => undefined);
  if (options.signal.aborted) stop();
  else options.signal.addEventListener('abort', stop, { once: true });
  try {
    const { StatusCode: code } = (await running.container.wait()) as { StatusCode?: number };
    return code ?? null;
  } finally {
    options.signal.removeEventListener('abort', stop);
  }
}

/**
 * Stops the services, then MongoDB (see removeDockerLab), and removes what is left; each
 * container's end goes into its service's log: its own clean exit, or the kill of one that
 * ignored SIGTERM.
 */
async function stopInOrder(
  parts: readonly RunningPart[],
  options: StartLabOptions,
  removeAll: () => Promise<readonly StoppedContainer[]>,
) {
  for (const part of [...parts].reverse()) options.onProgress({ type: 'stopping', service: part.name });
  const since = Date.now();
  const stopped = await removeAll();
  for (const { part, exitCode } of stopped) {
    const logger = options.logs.forService(part);
    if (exitCode === killedExitCode)
      logger.warn(`The ${part} container did not stop on SIGTERM in time and was killed (exit code ${exitCode})`);
    else logger.info(`The ${part} container exited with code ${exitCode ?? 'unknown'}`);
  }
  for (const part of [...parts].reverse())
    options.onProgress({ type: 'stopped', service: part.name, elapsedMs: Date.now() - since });
}
