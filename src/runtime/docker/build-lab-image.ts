import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { Logger } from '../../log/log-entry.js';
import { packageRoot } from '../../package-root.js';
import { labImageTag } from './docker-lab-names.js';
import { fingerprintLabImage, labImageContextEntries } from './lab-image-context.js';

/** One event of the engine's build stream (Docker's and Podman's alike). */
interface BuildEvent {
  readonly stream?: string;
  readonly status?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
}

export interface BuildLabImageOptions {
  /** docker/Dockerfile's NODE_IMAGE. */
  readonly nodeImage: string;
  /** Each line of the build's output, as the engine sends it: the build's progress. */
  readonly logger: Logger;
  /** The folder holding docker/Dockerfile and the sources (the package's own by default). */
  readonly root?: string;
}

/** The lab's image: what containers are created from (its id), and how people call it. */
export interface LabImage {
  readonly id: string;
  readonly tag: string;
  /** Whether the engine built it now (false: an image of the same sources was there). */
  readonly built: boolean;
}

/**
 * The lab's image for these sources. An image tagged with their fingerprint
 * (`rtlab:lab-<fingerprint>`) is used as it is, tagged `rtlab:lab` again (another checkout may
 * have moved it); otherwise the image is built from docker/Dockerfile, each output line logged
 * as it comes, and tagged with the fingerprint. (A tag, not a label the build sets: Podman
 * answers a build whose every step is cached with the earlier image, its labels unchanged.)
 * Containers are created from the id, so a build of another checkout meanwhile changes nothing
 * under them. A failed build is an environment error quoting the engine's last lines.
 */
export async function buildLabImage(docker: Docker, options: BuildLabImageOptions): Promise<LabImage> {
  const root = options.root ?? packageRoot;
  const baseId = await inspectId(docker, options.nodeImage);
  const fingerprint =
    baseId === undefined ? undefined : fingerprintLabImage(root, { name: options.nodeImage, id: baseId });
  const sourcesTag = fingerprint === undefined ? undefined : `${labImageTag}-${fingerprint}`;
  const found = sourcesTag === undefined ? undefined : await inspectId(docker, sourcesTag);
  if (found !== undefined) {
    options.logger.info(`${labImageTag} is up to date (sources ${fingerprint!.slice(0, 12)}): nothing to build`);
    await tag(docker, found, labImageTag);
    return { id: found, tag: labImageTag, built: false };
  }
  await runBuild(docker, root, options);
  const id = await inspectId(docker, labImageTag);
  if (id === undefined) throw new EnvironmentError(`The engine built ${labImageTag} but does not list it.`);
  if (sourcesTag !== undefined) await tag(docker, id, sourcesTag);
  return { id, tag: labImageTag, built: true };
}

async function runBuild(docker: Docker, root: string, options: BuildLabImageOptions): Promise<void> {
  const stream = await docker.buildImage(
    { context: root, src: labImageContextEntries },
    {
      t: labImageTag,
      dockerfile: 'docker/Dockerfile',
      buildargs: { NODE_IMAGE: options.nodeImage },
      rm: true,
    },
  );
  const lines: string[] = [];
  const events = await new Promise<BuildEvent[]>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: BuildEvent[]) => (error === null ? resolve(output) : reject(error)),
      (event: BuildEvent) => {
        for (const line of (event.stream ?? event.status ?? '').split('\n')) {
          if (line.trim() === '') continue;
          lines.push(line);
          options.logger.info(line.trimEnd());
        }
      },
    );
  });
  const failure = events.find((event) => event.error !== undefined);
  if (failure === undefined) return;
  const reason = failure.errorDetail?.message ?? failure.error ?? 'the build failed';
  options.logger.error(reason);
  const last = lines.slice(-20).map((line) => `\n    ${line}`);
  throw new EnvironmentError(`The lab's image did not build from docker/Dockerfile: ${reason}${last.join('')}`, {
    hint: `NODE_IMAGE was ${options.nodeImage} (RTLAB_NODE_IMAGE): an engine that reaches no registry needs a local one (scripts/build-local-node-image.sh). rtlab tail logs image shows the whole build.`,
  });
}

/** An image's id, or undefined when the engine does not have it (a base it would pull). */
async function inspectId(docker: Docker, image: string): Promise<string | undefined> {
  try {
    return ((await docker.getImage(image).inspect()) as { Id: string }).Id;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

async function tag(docker: Docker, id: string, reference: string): Promise<void> {
  const [repo, name] = reference.split(':') as [string, string];
  await docker.getImage(id).tag({ repo, tag: name });
}
