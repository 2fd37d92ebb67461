import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { labMongo } from '../../services/registry/mongo.js';
import { labFilter, serviceLabel, type DockerLabNames } from './docker-lab-names.js';

export interface RemoveDockerLabOptions {
  /** `rtlab down --volumes`: the lab's data volume goes too. */
  readonly volumes?: boolean;
}

/** How one container of the lab ended: by its own stop (0, 143), or killed (137) because it did not. */
export interface StoppedContainer {
  /** The lab part it ran (`webhooks-receiver`). */
  readonly part: string;
  readonly exitCode: number | undefined;
}

/**
 * Seconds a container gets between SIGTERM and SIGKILL, within `rtlab down`'s 10 s for the whole
 * lab: the services stop together, then MongoDB, each well under its limit when it handles SIGTERM.
 */
const serviceStopSeconds = 5;
const mongoStopSeconds = 3;
/** How often a stopping container's state is read: a small share of a stop that takes a second or more. */
const exitPollMs = 100;

/**
 * Removes everything labelled with this lab: its containers, its network and, when asked, its
 * volume. The services are stopped first, all at once (none depends on another being up to stop
 * cleanly), then MongoDB, which they flush what they acknowledged into while they stop. Found by
 * label, not by what one process remembers, so it also cleans a lab whose supervisor was killed.
 * Resolves with how each running container ended.
 */
export async function removeDockerLab(
  docker: Docker,
  names: DockerLabNames,
  options: RemoveDockerLabOptions = {},
): Promise<StoppedContainer[]> {
  const filters = labFilter(names);
  const containers = await docker.listContainers({ all: true, filters });
  const running = containers.filter((info) => info.State === 'running');
  const isMongo = (info: Docker.ContainerInfo) => info.Labels[serviceLabel] === labMongo.name;
  const stopped = await Promise.all(
    running.filter((info) => !isMongo(info)).map((info) => stopContainer(docker, info, serviceStopSeconds)),
  );
  stopped.push(
    ...(await Promise.all(running.filter(isMongo).map((info) => stopContainer(docker, info, mongoStopSeconds)))),
  );
  await Promise.all(
    containers.map((info) => docker.getContainer(info.Id).remove({ force: true, v: false }).catch(ignoreGone)),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((info) => docker.getNetwork(info.Id).remove().catch(ignoreGone)));
  if (options.volumes === true) {
    const { Volumes: volumes } = await docker.listVolumes({ filters });
    await Promise.all((volumes ?? []).map((info) => docker.getVolume(info.Name).remove().catch(ignoreGone)));
  }
  return stopped;
}

/**
 * SIGTERM, SIGKILL after `seconds`; resolves with its exit code as soon as it has exited. Not the
 * engine's stop (nor its wait), which also wait for its cleanup of the container (seconds under
 * load with Podman): MongoDB is told to stop as soon as the services have exited, and the cleanup happens
 * during the removal, for every container at once.
 */
async function stopContainer(docker: Docker, info: Docker.ContainerInfo, seconds: number): Promise<StoppedContainer> {
  const container = docker.getContainer(info.Id);
  const part = info.Labels[serviceLabel] ?? info.Names[0] ?? info.Id;
  await container.kill({ signal: 'SIGTERM' }).catch(ignoreGone);
  const kill = setTimeout(() => void container.kill({ signal: 'SIGKILL' }).catch(() => undefined), seconds * 1000);
  try {
    return { part, exitCode: await waitForExit(container) };
  } catch (error) {
    ignoreGone(error);
    return { part, exitCode: undefined };
  } finally {
    clearTimeout(kill);
  }
}

/**
 * The exit code once the container's process has exited. Read from its state: Podman answers
 * the engine's wait only after its cleanup of the container, seconds later under load.
 */
async function waitForExit(container: Docker.Container): Promise<number | undefined> {
  for (;;) {
    const { State: state } = await container.inspect();
    if (!state.Running) return state.ExitCode;
    await sleep(exitPollMs);
  }
}

/** Removed meanwhile (by the lab's own stop, or another `down`): what was wanted. */
function ignoreGone(error: unknown): void {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 404 || status === 304 || status === 409) return;
  throw error;
}
