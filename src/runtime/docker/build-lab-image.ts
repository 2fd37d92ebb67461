import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import type { Logger } from '../../log/log-entry.js';
import { packageRoot } from '../../package-root.js';
import { labImageTag } from './docker-lab-names.js';

/** What docker/Dockerfile builds from (.dockerignore keeps tests out): sources, not installed or built trees. */
const contextEntries = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'bin',
  'proto',
  'src',
  '.env.example',
  'docker/Dockerfile',
];

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
}

/**
 * Builds the lab's image from docker/Dockerfile, each output line logged as it comes (a cached
 * build says so in a few lines; a first one shows npm's install and the compile). A failed build
 * is an environment error quoting the engine's last lines.
 */
export async function buildLabImage(docker: Docker, options: BuildLabImageOptions): Promise<string> {
  const stream = await docker.buildImage(
    { context: packageRoot, src: contextEntries },
    { t: labImageTag, dockerfile: 'docker/Dockerfile', buildargs: { NODE_IMAGE: options.nodeImage }, rm: true },
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
  if (failure !== undefined) {
    const reason = failure.errorDetail?.message ?? failure.error ?? 'the build failed';
    options.logger.error(reason);
    const last = lines.slice(-20).map((line) => `\n    ${line}`);
    throw new EnvironmentError(`The lab's image did not build from docker/Dockerfile: ${reason}${last.join('')}`, {
      hint: `NODE_IMAGE was ${options.nodeImage} (RTLAB_NODE_IMAGE): an engine that reaches no registry needs a local one (scripts/build-local-node-image.sh). rtlab tail logs image shows the whole build.`,
    });
  }
  return labImageTag;
}
