import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import type { Logger } from '../../src/log/log-entry.js';
import { startMongoLite, type StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { dockerLabNames } from '../../src/runtime/docker/docker-lab-names.js';
import { startDockerMongo } from '../../src/runtime/docker/start-docker-mongo.js';

/**
 * The `mongo:7` path of the docker runtime, which cannot run here (no registry to pull the image
 * from): an engine API that records what it is asked, with rtlab's embedded engine answering on
 * the port the container would publish. What this proves is what rtlab would ask a real engine
 * for; it is not tested against a real mongo:7 image.
 */
interface Recorded {
  pulled: string[];
  created: Docker.ContainerCreateOptions[];
  execs: Docker.ExecCreateOptions[];
}

function fakeEngine(exec: { exitCode: number; output?: string }, options: { pullFails?: boolean } = {}) {
  const recorded: Recorded = { pulled: [], created: [], execs: [] };
  const container = {
    start: async () => undefined,
    logs: async () => new PassThrough(),
    wait: () => new Promise(() => undefined), // it keeps running
    exec: async (spec: Docker.ExecCreateOptions) => {
      recorded.execs.push(spec);
      return {
        start: async () => {
          const stream = new PassThrough();
          setTimeout(() => stream.end(exec.output ?? ''), 20);
          return stream;
        },
        inspect: async () => ({ ExitCode: exec.exitCode }),
      };
    },
  };
  const docker = {
    getImage: () => ({
      inspect: async () => Promise.reject(Object.assign(new Error('no such image'), { statusCode: 404 })),
    }),
    pull: async (image: string) => {
      recorded.pulled.push(image);
      if (options.pullFails === true) throw new Error('registry unreachable');
      return new PassThrough();
    },
    createContainer: async (spec: Docker.ContainerCreateOptions) => {
      recorded.created.push(spec);
      return container;
    },
    modem: {
      followProgress: (_stream: unknown, done: (error: Error | null) => void) => done(null),
      demuxStream: () => undefined,
    },
  };
  return { docker: docker as unknown as Docker, recorded };
}

const quiet: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
const names = dockerLabNames('/tmp/rtlab-mongo-image-lab');
const engines: StartedMongoLite[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

/** rtlab's engine on a free port, standing in for what the mongo container would publish there. */
async function publishedPort(): Promise<number> {
  const engine = await startMongoLite({ port: 0 });
  engines.push(engine);
  return engine.port;
}

function start(docker: Docker, port: number) {
  return startDockerMongo(docker, names, {
    mongoImage: 'mongo:7',
    labImage: 'sha256:lab',
    port,
    env: ['MONGO_DB=realtime_labs'],
    logger: quiet,
    signal: new AbortController().signal,
    readyTimeoutMs: 10_000,
  });
}

describe('the docker runtime with RTLAB_MONGO_IMAGE=mongo:7 (an engine API that records; no real image here)', () => {
  it('pulls the image, runs it as the replica set rs0 with its data in the lab volume, and initiates rs0 as the containers name it', async () => {
    const port = await publishedPort();
    const { docker, recorded } = fakeEngine({ exitCode: 0 });
    const mongo = await start(docker, port);
    expect(mongo.url).toBe(`mongodb://127.0.0.1:${port}/?directConnection=true`);
    expect(recorded.pulled).toEqual(['mongo:7']);
    expect(recorded.created).toHaveLength(1);
    const created = recorded.created[0]!;
    expect(created.Image).toBe('mongo:7');
    expect(created.Cmd).toEqual(['--replSet', 'rs0', '--bind_ip_all', '--port', String(port)]);
    expect(created.HostConfig?.Binds).toEqual([`${names.volume}:/data/db`]);
    expect(created.HostConfig?.PortBindings).toEqual({
      [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(port) }],
    });
    expect(created.NetworkingConfig?.EndpointsConfig?.[names.network]?.Aliases).toEqual(['mongo']);
    expect(created.Labels).toMatchObject({ ...names.labels, 'rtlab.service': 'mongo' });

    // The initiation: once, as `mongo:<port>` (what the other containers dial), waiting to be primary;
    // attached, so that its end is the command's end before its exit code is read.
    expect(recorded.execs).toHaveLength(1);
    const exec = recorded.execs[0]!;
    expect(exec).toMatchObject({ AttachStdout: true, AttachStderr: true });
    expect(exec.Cmd?.slice(0, 5)).toEqual(['mongosh', '--quiet', '--port', String(port), '--eval']);
    const script = exec.Cmd?.[5] ?? '';
    expect(script).toContain(`rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:${port}' }] })`);
    expect(script).toMatch(/try \{ rs\.status\(\) \} catch/);
    expect(script).toContain('while (!db.hello().isWritablePrimary) sleep(100)');
  });

  it('fails with what mongosh printed when the replica set does not initiate', async () => {
    const port = await publishedPort();
    const { docker } = fakeEngine({ exitCode: 1, output: 'MongoServerError: replSet bad config' });
    const failed = start(docker, port);
    await expect(failed).rejects.toBeInstanceOf(EnvironmentError);
    await expect(failed).rejects.toThrow(
      /did not initiate in the mongo container \(mongosh exited 1\)\. It printed: MongoServerError: replSet bad config/,
    );
  });

  it('says the image could not be pulled, and creates nothing', async () => {
    const { docker, recorded } = fakeEngine({ exitCode: 0 }, { pullFails: true });
    const failed = start(docker, 27017);
    await expect(failed).rejects.toThrow(
      /The MongoDB image mongo:7 is not here and could not be pulled: registry unreachable/,
    );
    expect(recorded.created).toEqual([]);
  });
});
