import { ready } from './readiness-spec.js';
import type { ServiceFacts } from './service-definition.js';

/**
 * The gRPC OrderService (next issue). Its facts stand here already, so that `doctor` checks its
 * port and `tail logs` knows its name; adding `needsMongo` and `start` makes it a service
 * `rtlab serve` runs.
 */
export const grpcServer: ServiceFacts = {
  name: 'grpc-server',
  profile: 'grpc',
  portSetting: 'GRPC_PORT',
  readiness: ready.grpcHealth(),
};
