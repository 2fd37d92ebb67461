// Builds the lab's image (rtlab:lab) as `rtlab up --docker` does, tagged with its sources'
// fingerprint, so that a later `rtlab up --docker` of the same sources starts without building.
// .ci/run runs it in the background while lint and the type-check run; needs dist/ built.
//   DOCKER_HOST=… node scripts/build-lab-image.js <node image>
import process from 'node:process';
import Docker from 'dockerode';
import { buildLabImage } from '../dist/runtime/docker/build-lab-image.js';

const nodeImage = process.argv[2] ?? 'node:20-bookworm-slim';
const log = (line) => process.stdout.write(`${line}\n`);
const logger = { error: log, warn: log, info: log, debug: () => {} };
const since = Date.now();
try {
  const image = await buildLabImage(new Docker(), { nodeImage, logger });
  log(
    `${image.tag} ${image.built ? 'built' : 'already built'} in ${Math.round((Date.now() - since) / 1000)} s (${image.id})`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
