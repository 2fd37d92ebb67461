import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log/log-entry.js';
import { packageRoot } from '../../src/package-root.js';
import { buildLabImage } from '../../src/runtime/docker/build-lab-image.js';
import { fingerprintLabImage } from '../../src/runtime/docker/lab-image-context.js';

const base = { name: 'localhost/rtlab-node:local', id: 'sha256:base' };

/** An engine API that has the base image and, when asked, an image tagged `rtlab:lab-<tagged>`. */
function fakeEngine(tagged: string | undefined) {
  const calls = { builds: [] as Record<string, unknown>[], tagged: [] as string[] };
  const images: Record<string, string> = { [base.name]: base.id, 'rtlab:lab': 'sha256:new' };
  if (tagged !== undefined) images[`rtlab:lab-${tagged}`] = 'sha256:cached';
  const docker = {
    getImage: (name: string) => ({
      inspect: async () =>
        images[name] === undefined
          ? Promise.reject(Object.assign(new Error('no such image'), { statusCode: 404 }))
          : { Id: images[name] },
      tag: async ({ repo, tag }: { repo: string; tag: string }) => void calls.tagged.push(`${name} as ${repo}:${tag}`),
    }),
    buildImage: async (_context: unknown, options: Record<string, unknown>) => {
      calls.builds.push(options);
      return new PassThrough();
    },
    modem: {
      followProgress: (_stream: unknown, done: (error: Error | null, output: unknown[]) => void) => done(null, []),
    },
  };
  return { docker: docker as unknown as Docker, calls };
}

const lines: string[] = [];
const logger: Logger = { error: () => {}, warn: () => {}, info: (line) => lines.push(line), debug: () => {} };

describe("the lab's image", () => {
  it('is used without a build when an image is tagged with the fingerprint of these sources and base', async () => {
    const fingerprint = fingerprintLabImage(packageRoot, base);
    const { docker, calls } = fakeEngine(fingerprint);
    const image = await buildLabImage(docker, { nodeImage: base.name, logger });
    expect(image).toEqual({ id: 'sha256:cached', tag: 'rtlab:lab', built: false });
    expect(calls.builds).toEqual([]);
    expect(calls.tagged).toEqual(['sha256:cached as rtlab:lab']);
    expect(lines.at(-1)).toBe(`rtlab:lab is up to date (sources ${fingerprint.slice(0, 12)}): nothing to build`);
  });

  it('is built, then tagged with the fingerprint, when no image is tagged with it', async () => {
    const { docker, calls } = fakeEngine('another-checkout');
    const image = await buildLabImage(docker, { nodeImage: base.name, logger });
    expect(image).toEqual({ id: 'sha256:new', tag: 'rtlab:lab', built: true });
    expect(calls.builds).toHaveLength(1);
    expect(calls.builds[0]).toMatchObject({
      t: 'rtlab:lab',
      dockerfile: 'docker/Dockerfile',
      buildargs: { NODE_IMAGE: base.name },
    });
    expect(calls.tagged).toEqual([`sha256:new as rtlab:lab-${fingerprintLabImage(packageRoot, base)}`]);
  });
});
