import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { labFilter, type DockerLabNames } from '../../src/runtime/docker/docker-lab-names.js';
import { requireTool } from '../helpers/require-tool.js';

/** The Node base the lab's image is built from here: made by scripts/build-local-node-image.sh (no registry). */
export const testNodeImage = process.env['RTLAB_TEST_NODE_IMAGE'] ?? 'localhost/rtlab-node:local';

/**
 * Whether a container engine answers at DOCKER_HOST (or the default socket) and has the base
 * image: skipped with the reason on a developer's machine without one, a failure under CI=true
 * (.ci/run starts Podman's Docker API and builds the base image).
 */
export function requireContainerEngine(): { available: boolean; reason: string } {
  const script = `const D = require('dockerode'); const d = new D();
d.ping().then(() => d.getImage(${JSON.stringify(testNodeImage)}).inspect()).then(() => process.exit(0), () => process.exit(1));`;
  return requireTool({
    command: process.execPath,
    args: ['-e', script],
    why: `a container engine at DOCKER_HOST with the image ${testNodeImage}`,
    install:
      'podman system service --time=0 unix:///run/rtlab-podman.sock; DOCKER_HOST=unix:///run/rtlab-podman.sock; scripts/build-local-node-image.sh',
  });
}

/** What the engine still holds with a lab's label. */
export async function labelled(
  names: DockerLabNames,
): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const docker = new Docker();
  const filters = labFilter(names);
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  return {
    containers: containers.flatMap((info) => info.Names),
    networks: networks.map((info) => info.Name),
    volumes: (volumes ?? []).map((info) => info.Name),
  };
}

/** Builds a small image from a Dockerfile's text (a stand-in MongoDB that fails, say). */
export async function buildTestImage(tag: string, dockerfile: string): Promise<void> {
  const docker = new Docker();
  const context = mkdtempSync(path.join(tmpdir(), 'rtlab-image-'));
  try {
    writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
    const stream = await docker.buildImage({ context, src: ['Dockerfile'] }, { t: tag });
    const events = await new Promise<{ error?: string }[]>((resolve, reject) =>
      docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) =>
        error === null ? resolve(output) : reject(error),
      ),
    );
    const failed = events.find((event) => event.error !== undefined);
    if (failed !== undefined) throw new Error(`${tag} did not build: ${failed.error}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
