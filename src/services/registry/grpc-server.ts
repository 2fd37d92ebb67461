import { startGrpcServer } from '../grpc/server/start-grpc-server.js';
import { ready } from './readiness-spec.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';
import { startWithOutboxRelay } from './start-with-outbox-relay.js';

const facts: ServiceFacts = {
  name: 'grpc-server',
  profile: 'grpc',
  portSetting: 'GRPC_PORT',
  readiness: ready.all(ready.logLine('gRPC server listening on port'), ready.grpcHealth()),
  // One per call, whatever ended it (health checks left out).
  isRequestLine: (message) => message === 'gRPC call',
  after: ['ws-server'],
};

/** The gRPC OrderService (`GRPC_PORT`), with the relay that carries its order changes to the ws-server. */
export const grpcServer: ServiceDefinition = {
  ...facts,
  needsMongo: true,
  start: (context) =>
    startWithOutboxRelay(facts, context, ({ db, port, logger, publisher }) =>
      startGrpcServer({ port, host: context.config.host, db, jwtSecret: context.config.jwtSecret, publisher, logger }),
    ),
};
