import { ready } from './readiness-spec.js';
import type { ServiceFacts } from './service-definition.js';

/** REST/JSON over the gRPC client (next issue); facts only until then, as for grpc-server. */
export const grpcBridge: ServiceFacts = {
  name: 'grpc-bridge',
  profile: 'grpc',
  portSetting: 'GRPC_BRIDGE_PORT',
  readiness: ready.http('/healthz'),
};
