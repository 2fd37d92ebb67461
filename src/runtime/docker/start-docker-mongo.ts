import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { Logger } from '../../log/log-entry.js';
import { labMongo } from '../../services/registry/mongo.js';
import { toReadinessCheck } from '../readiness/to-readiness-check.js';
import { waitUntilReady } from '../readiness/wait-until-ready.js';
import type { DockerLabNames } from './docker-lab-names.js';
import { containerHome, toPublishedMongoUrl } from './lab-container-env.js';
import { runLabContainer, type LabContainer, type LabContainerSpec } from './run-lab-container.js';
import { watchContainerExit } from './watch-container-exit.js';

/** `RTLAB_MONGO_IMAGE=rtlab`: rtlab's embedded engine (`rtlab mongo serve`) in the lab's own image. */
export const rtlabMongoImage = 'rtlab';

export interface StartDockerMongoOptions {
  /** RTLAB_MONGO_IMAGE: `mongo:7` (the default), another MongoDB image, or `rtlab`. */
  readonly mongoImage: string;
  readonly labImage: string;
  readonly port: number;
  readonly env: readonly string[];
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly readyTimeoutMs: number;
}

/**
 * The lab's `mongo` container, its data in the lab's volume, waited for with the registry's
 * ping from this machine. A MongoDB image runs as a one-node replica set (change streams need
 * one) and is initiated once it answers; rtlab's engine is one already.
 */
export async function startDockerMongo(
  docker: Docker,
  names: DockerLabNames,
  options: StartDockerMongoOptions,
): Promise<{ running: LabContainer; url: string }> {
  const embedded = options.mongoImage === rtlabMongoImage;
  if (!embedded) await ensureImage(docker, options.mongoImage, options.logger);
  const running = await runLabContainer(docker, names, { ...toMongoContainerSpec(options), logger: options.logger });
  const url = toPublishedMongoUrl(options.port);
  await waitUntilReady(
    toReadinessCheck(labMongo.readiness),
    { service: labMongo.name, url, port: options.port, logs: running.logs.feed },
    {
      timeoutMs: options.readyTimeoutMs,
      signal: AbortSignal.any([options.signal, watchContainerExit(running.container, labMongo.name, running.logs)]),
      tailLines: 50,
    },
  );
  if (!embedded) await initiateReplicaSet(running.container, options.port);
  return { running, url };
}

/**
 * The `mongo` container: a MongoDB image as the one-node replica set `rs0` on every interface
 * of its container, its data in the lab's volume at /data/db; or rtlab's engine (`rtlab mongo
 * serve`, already a replica set) in the lab's image, its data under the volume's home.
 */
export function toMongoContainerSpec(
  options: Pick<StartDockerMongoOptions, 'mongoImage' | 'labImage' | 'port' | 'env'>,
): LabContainerSpec {
  const port = String(options.port);
  const embedded = options.mongoImage === rtlabMongoImage;
  return {
    part: labMongo.name,
    image: embedded ? options.labImage : options.mongoImage,
    cmd: embedded
      ? ['mongo', 'serve', '--host', '0.0.0.0', '--port', port, '--dbpath', `${containerHome}/db`]
      : ['--replSet', 'rs0', '--bind_ip_all', '--port', port],
    env: options.env,
    port: options.port,
    volumeAt: embedded ? containerHome : '/data/db',
  };
}

/**
 * The mongosh command that initiates `rs0` once (a volume that has one keeps it), its member
 * named as the other containers reach it, and waits until this member is primary.
 */
export function toReplicaSetCommand(port: number): string[] {
  const script = `try { rs.status() } catch (e) { rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:${port}' }] }) }
while (!db.hello().isWritablePrimary) sleep(100)`;
  return ['mongosh', '--quiet', '--port', String(port), '--eval', script];
}

/**
 * Initiates `rs0` and waits until this member is primary. Attached to the command's output, so
 * that its end is the command's end (a detached exec would be inspected while still running);
 * what it printed is quoted when it fails.
 */
async function initiateReplicaSet(container: Docker.Container, port: number): Promise<void> {
  const exec = await container.exec({ Cmd: toReplicaSetCommand(port), AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  const output: Buffer[] = [];
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => output.push(chunk));
    stream.on('end', resolve);
    stream.on('close', resolve);
  });
  const { ExitCode: exitCode } = await exec.inspect();
  if (exitCode === 0) return;
  // The multiplexed frames' 8-byte headers are not text: only the printable part is quoted.
  const printed = Buffer.concat(output)
    .toString('utf8')
    .replace(/[^\x20-\x7e\n]/g, '')
    .trim();
  throw new EnvironmentError(
    `MongoDB's replica set did not initiate in the mongo container (mongosh exited ${exitCode}).${printed === '' ? '' : ` It printed: ${printed.slice(-500)}`}`,
    {
      hint: "rtlab tail logs mongo shows why; RTLAB_MONGO_IMAGE=rtlab runs rtlab's own engine instead.",
    },
  );
}

/** Pulls an image the engine does not have, its progress logged. */
async function ensureImage(docker: Docker, image: string, logger: Logger): Promise<void> {
  try {
    await docker.getImage(image).inspect();
    return;
  } catch {
    logger.info(`Pulling ${image}`);
  }
  try {
    const stream = await docker.pull(image);
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (error: Error | null) =>
        error === null ? resolve(undefined) : reject(error),
      ),
    );
  } catch (error) {
    throw new EnvironmentError(
      `The MongoDB image ${image} is not here and could not be pulled: ${(error as Error).message}`,
      {
        hint: "Set RTLAB_MONGO_IMAGE to an image the engine has, or to rtlab for rtlab's own engine in the lab's image.",
        cause: error,
      },
    );
  }
}
