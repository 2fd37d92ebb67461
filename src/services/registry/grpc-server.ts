import { toConfiguredPort } from '../../config/lab-config.js';
import { toServiceUrl } from '../../config/service-addresses.js';
import { startGrpcServer } from '../grpc/server/start-grpc-server.js';
import { startOutboxRelay } from '../ws/start-outbox-relay.js';
import { startAs } from './listen-error.js';
import { ready } from './readiness-spec.js';
import { requireDb } from './require-db.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';

const facts: ServiceFacts = {
  name: 'grpc-server',
  profile: 'grpc',
  portSetting: 'GRPC_PORT',
  readiness: ready.all(ready.logLine('gRPC server listening on port'), ready.grpcHealth()),
};

/** The gRPC OrderService (`GRPC_PORT`), with the relay that carries its order changes to the ws-server. */
export const grpcServer: ServiceDefinition = {
  ...facts,
  needsMongo: true,
  async start(context) {
    const { config, logs } = context;
    const logger = logs.forService(facts.name);
    const labDb = requireDb(context, facts.name);
    const port = toConfiguredPort(config, facts.portSetting);
    const publisher = startOutboxRelay({
      db: labDb,
      wsServerUrl: config.wsServerUrl,
      internalToken: config.internalToken,
      logger,
    });
    const server = await startAs(facts, port, () =>
      startGrpcServer({ port, host: config.host, db: labDb, jwtSecret: config.jwtSecret, publisher, logger }),
    ).catch(async (error: unknown) => {
      await publisher.stop();
      throw error;
    });
    return {
      name: facts.name,
      url: toServiceUrl(config.host, server.port),
      port: server.port,
      stop: async () => {
        await server.stop();
        await publisher.stop();
      },
    };
  },
};
