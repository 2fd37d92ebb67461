import { createHash } from 'node:crypto';
import path from 'node:path';

/** The label every container, network and volume of a docker lab carries: its lab's id. */
export const labLabel = 'rtlab.lab';
/** The label naming the lab part a container runs (`webhooks-receiver`). */
export const serviceLabel = 'rtlab.service';

/** The image `rtlab up --docker` builds from docker/Dockerfile and runs every container from. */
export const labImageTag = 'rtlab:lab';

/**
 * What one docker lab's engine objects are called. The id comes from the lab's folder
 * (RTLAB_HOME), so that two labs on one engine never collide, and `rtlab down` finds a lab's
 * containers from its record alone, after its supervisor was killed.
 */
export interface DockerLabNames {
  readonly labId: string;
  readonly network: string;
  readonly volume: string;
  /** `rtlab-<id>-webhooks-receiver`; on the lab's network it is also reached as `webhooks-receiver`. */
  container(part: string): string;
  readonly labels: Readonly<Record<string, string>>;
}

export function dockerLabNames(home: string): DockerLabNames {
  const labId = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 10);
  const prefix = `rtlab-${labId}`;
  return {
    labId,
    network: prefix,
    volume: `${prefix}-data`,
    container: (part) => `${prefix}-${part}`,
    labels: { [labLabel]: labId, 'rtlab.home': path.resolve(home) },
  };
}

/** The engine's filter for everything of one lab. */
export function labFilter(names: DockerLabNames): { label: string[] } {
  return { label: [`${labLabel}=${names.labId}`] };
}
