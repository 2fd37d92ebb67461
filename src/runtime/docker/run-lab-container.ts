import type Docker from 'dockerode';
import type { Logger } from '../../log/log-entry.js';
import { serviceLabel, type DockerLabNames } from './docker-lab-names.js';
import { followContainerLogs, type FollowedLogs } from './follow-container-logs.js';

export interface LabContainerSpec {
  /** The lab part it runs: its alias on the lab's network and the last part of its name. */
  readonly part: string;
  readonly image: string;
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  /** Published on 127.0.0.1 at the same number; none for a one-shot. */
  readonly port?: number;
  /** The lab's volume mounted here. */
  readonly volumeAt?: string;
}

export interface LabContainer {
  readonly container: Docker.Container;
  readonly logs: FollowedLogs;
}

/**
 * Creates one container of the lab on its network, labelled as the lab's, its port published on
 * loopback only. Not started: a lab creates every container while MongoDB starts, and starts
 * each once what it needs is ready.
 */
export async function createLabContainer(
  docker: Docker,
  names: DockerLabNames,
  spec: LabContainerSpec,
): Promise<Docker.Container> {
  return docker.createContainer(toCreateOptions(names, spec));
}

/** What the engine is asked to create for a spec. */
export function toCreateOptions(names: DockerLabNames, spec: LabContainerSpec): Docker.ContainerCreateOptions {
  const exposed = spec.port === undefined ? undefined : `${spec.port}/tcp`;
  return {
    name: names.container(spec.part),
    Image: spec.image,
    Cmd: [...spec.cmd],
    Env: [...spec.env],
    Labels: { ...names.labels, [serviceLabel]: spec.part },
    ...(exposed === undefined ? {} : { ExposedPorts: { [exposed]: {} } }),
    HostConfig: {
      // A small init as PID 1 passes SIGTERM on to Node and reaps: the kernel drops a signal sent
      // to a namespace's PID 1 that has no handler yet, so Node as PID 1 ignores a stop that
      // comes while its modules still load, and is killed after the grace period.
      Init: true,
      NetworkMode: names.network,
      ...(exposed === undefined
        ? {}
        : { PortBindings: { [exposed]: [{ HostIp: '127.0.0.1', HostPort: String(spec.port) }] } }),
      ...(spec.volumeAt === undefined ? {} : { Binds: [`${names.volume}:${spec.volumeAt}`] }),
    },
    NetworkingConfig: { EndpointsConfig: { [names.network]: { Aliases: [spec.part] } } },
  };
}

/** Starts a created container and follows its output from the first line into `logger`. */
export async function startLabContainer(
  docker: Docker,
  container: Docker.Container,
  logger: Logger,
): Promise<LabContainer> {
  await container.start();
  const logs = await followContainerLogs(docker, container, logger);
  return { container, logs };
}

/** Creates and starts one container (a one-shot's). */
export async function runLabContainer(
  docker: Docker,
  names: DockerLabNames,
  spec: LabContainerSpec & { readonly logger: Logger },
): Promise<LabContainer> {
  return startLabContainer(docker, await createLabContainer(docker, names, spec), spec.logger);
}
