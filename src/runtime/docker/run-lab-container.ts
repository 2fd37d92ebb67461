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
  /** Its output lines go here (the lab's `<service>.log`). */
  readonly logger: Logger;
}

export interface LabContainer {
  readonly container: Docker.Container;
  readonly logs: FollowedLogs;
}

/**
 * Creates and starts one container of the lab on its network, labelled as the lab's, its port
 * published on loopback only, and follows its output from the first line.
 */
export async function runLabContainer(
  docker: Docker,
  names: DockerLabNames,
  spec: LabContainerSpec,
): Promise<LabContainer> {
  const exposed = spec.port === undefined ? undefined : `${spec.port}/tcp`;
  const container = await docker.createContainer({
    name: names.container(spec.part),
    Image: spec.image,
    Cmd: [...spec.cmd],
    Env: [...spec.env],
    Labels: { ...names.labels, [serviceLabel]: spec.part },
    ...(exposed === undefined ? {} : { ExposedPorts: { [exposed]: {} } }),
    HostConfig: {
      NetworkMode: names.network,
      ...(exposed === undefined
        ? {}
        : { PortBindings: { [exposed]: [{ HostIp: '127.0.0.1', HostPort: String(spec.port) }] } }),
      ...(spec.volumeAt === undefined ? {} : { Binds: [`${names.volume}:${spec.volumeAt}`] }),
    },
    NetworkingConfig: { EndpointsConfig: { [names.network]: { Aliases: [spec.part] } } },
  });
  await container.start();
  const logs = await followContainerLogs(docker, container, spec.logger);
  return { container, logs };
}
