import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { settingsSchema } from '../../src/config/settings-schema.js';
import { toLabContainerEnv, toServiceContainerEnv } from '../../src/runtime/docker/lab-container-env.js';
import { toMongoContainerSpec, toReplicaSetCommand } from '../../src/runtime/docker/start-docker-mongo.js';
import { labOneShots, labParts } from '../../src/services/registry.js';

interface ComposeService {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly profiles?: readonly string[];
  readonly ports?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly volumes?: readonly string[];
  readonly healthcheck?: { readonly test: readonly string[] };
}

const composeFile = fileURLToPath(new URL('../../docker/compose.yaml', import.meta.url));
// `merge: true`: the services share one block through YAML merge keys, as compose reads them.
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** The port a setting has by default: the seed's (3001, 50051…). */
function defaultPort(setting: string): number {
  return settingsSchema.shape[setting as 'RECEIVER_PORT'].parse(undefined);
}

describe('docker/compose.yaml', () => {
  it("has the registry's parts under their names, with their profiles and default ports on loopback", () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [...labParts.map((part) => part.name), ...labOneShots.map((oneShot) => oneShot.name)].sort(),
    );
    for (const part of labParts) {
      const service = compose.services[part.name]!;
      const port = defaultPort(part.portSetting);
      expect(service.ports, part.name).toEqual([`127.0.0.1:${port}:${port}`]);
      if (part.profile === 'core') {
        expect(service.profiles, 'MongoDB runs with every profile').toBeUndefined();
        continue;
      }
      expect(service.profiles, part.name).toEqual([part.profile]);
      expect(service.command, part.name).toEqual(['serve', part.name]);
      expect(service.environment?.[part.portSetting], part.name).toBe(String(port));
    }
    for (const oneShot of labOneShots) {
      expect(compose.services[oneShot.name]!.command).toEqual(oneShot.command);
      expect(compose.services[oneShot.name]!.profiles).toEqual([oneShot.profile]);
    }
  });

  it('gives the services the addresses and listen host that rtlab up --docker gives its containers', () => {
    const config = loadConfig({
      cwd: '/nonexistent-rtlab-folder',
      env: {
        WEBHOOK_SECRET: 'a-webhook-secret',
        JWT_SECRET: 'a-jwt-secret-of-16+',
        WS_TOKEN: 'a-ws-token',
        RTLAB_API_TOKEN: 'an-api-token-of-16+',
      },
    });
    const runtimeEnv = Object.fromEntries(toLabContainerEnv(config).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    const receiver = compose.services['webhooks-receiver']!;
    for (const key of [
      'RTLAB_HOST',
      'RTLAB_HOME',
      'MONGO_URL',
      'RECEIVER_URL',
      'WS_SERVER_URL',
      'GRPC_TARGET',
      'GRPC_BRIDGE_URL',
    ])
      expect(receiver.environment?.[key], key).toBe(runtimeEnv[key]);
    // The dashboard's page runs in a browser on the host: it is given the ws-server's published URL.
    const dashboardEnv = Object.fromEntries(
      toServiceContainerEnv(
        config,
        toLabContainerEnv(config),
      )('ws-client').map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    const dashboard = compose.services['ws-client']!;
    for (const key of ['WS_SERVER_URL', 'GRPC_BRIDGE_URL', 'MONGO_URL', 'RTLAB_HOST'])
      expect(dashboard.environment?.[key], `ws-client ${key}`).toBe(dashboardEnv[key]);
    expect(dashboard.environment?.['WS_SERVER_URL']).toBe('http://127.0.0.1:3003');
    expect(receiver.build).toEqual({
      context: '..',
      dockerfile: 'docker/Dockerfile',
      args: { NODE_IMAGE: '${NODE_IMAGE:-node:20-bookworm-slim}' },
    });
  });

  it('runs MongoDB as rtlab up --docker runs mongo:7: the replica set rs0, its data in a volume at /data/db, initiated as mongo:27017', () => {
    const mongo = compose.services['mongo']!;
    const spec = toMongoContainerSpec({ mongoImage: 'mongo:7', labImage: 'rtlab:lab', port: 27017, env: [] });
    expect(mongo.image).toBe('${RTLAB_MONGO_IMAGE:-mongo:7}');
    expect(mongo.command).toEqual(spec.cmd);
    expect(mongo.volumes).toEqual([`mongo-data:${spec.volumeAt}`]);
    // The same initiation as the runtime's (its wait for primary is the healthcheck's retry here).
    const initiate = /try \{ rs\.status\(\) \} catch \(e\) \{ rs\.initiate\(.*?\) \}/.exec(
      toReplicaSetCommand(27017).at(-1)!,
    )?.[0];
    expect(initiate).toBeDefined();
    expect(mongo.healthcheck?.test.at(-1)).toContain(initiate!);
    expect(mongo.healthcheck?.test.at(-1)).toContain('db.hello().isWritablePrimary');
  });
});
