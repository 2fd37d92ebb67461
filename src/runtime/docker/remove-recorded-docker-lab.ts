import { connectDocker } from './connect-docker.js';
import { dockerLabNames } from './docker-lab-names.js';
import { removeDockerLab, type RemoveDockerLabOptions } from './remove-docker-lab.js';

/**
 * `rtlab down` (and `status`, a new `up`) on a docker lab whose supervisor is gone, or
 * `down --volumes`: whatever the engine still holds with this folder's lab label is removed.
 */
export async function removeRecordedDockerLab(home: string, options: RemoveDockerLabOptions = {}): Promise<void> {
  await removeDockerLab(await connectDocker(), dockerLabNames(home), options);
}
