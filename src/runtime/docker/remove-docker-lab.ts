import type Docker from 'dockerode';
import { labFilter, type DockerLabNames } from './docker-lab-names.js';

export interface RemoveDockerLabOptions {
  /** `rtlab down --volumes`: the lab's data volume goes too. */
  readonly volumes?: boolean;
  /** Seconds a container gets to stop before it is killed: within `rtlab down`'s 10 s for the whole lab. */
  readonly stopSeconds?: number;
}

/**
 * Removes everything labelled with this lab: its containers (stopped first, so services close
 * gracefully), its network and, when asked, its volume. Found by label, not by what one process
 * remembers, so it also cleans a lab whose supervisor was killed.
 */
export async function removeDockerLab(
  docker: Docker,
  names: DockerLabNames,
  options: RemoveDockerLabOptions = {},
): Promise<void> {
  const filters = labFilter(names);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map(async (info) => {
      const container = docker.getContainer(info.Id);
      if (info.State === 'running') await container.stop({ t: options.stopSeconds ?? 5 }).catch(ignoreGone);
      await container.remove({ force: true, v: false }).catch(ignoreGone);
    }),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((info) => docker.getNetwork(info.Id).remove().catch(ignoreGone)));
  if (options.volumes !== true) return;
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  await Promise.all((volumes ?? []).map((info) => docker.getVolume(info.Name).remove().catch(ignoreGone)));
}

/** Removed meanwhile (by the lab's own stop, or another `down`): what was wanted. */
function ignoreGone(error: unknown): void {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 404 || status === 304 || status === 409) return;
  throw error;
}
