import { toConfiguredPort } from '../../config/lab-config.js';
import { toServiceUrl } from '../../config/service-addresses.js';
import { startGrpcBridge } from '../grpc/bridge/start-grpc-bridge.js';
import { startAs } from './listen-error.js';
import { ready } from './readiness-spec.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';

const facts: ServiceFacts = {
  name: 'grpc-bridge',
  profile: 'grpc',
  portSetting: 'GRPC_BRIDGE_PORT',
  readiness: ready.all(ready.logLine('gRPC bridge listening on port'), ready.http('/healthz')),
  after: ['grpc-server'],
};

/**
 * REST/JSON over the gRPC client: `/orders` and its SSE stream, calling the server at
 * `config.grpcTarget` with tokens it mints from JWT_SECRET. It keeps no state and needs no
 * MongoDB: the gRPC server is the one that stores.
 */
export const grpcBridge: ServiceDefinition = {
  ...facts,
  needsMongo: false,
  openAccessHint: (url) =>
    `/orders needs the token: curl -H "Authorization: Bearer <RTLAB_API_TOKEN from .env>" ${url}/orders`,
  async start({ config, logs }) {
    const port = toConfiguredPort(config, facts.portSetting);
    const bridge = await startAs(facts, port, () =>
      startGrpcBridge({
        port,
        host: config.host,
        apiToken: config.apiToken,
        target: config.grpcTarget,
        auth: { secret: config.jwtSecret, subject: facts.name },
        logger: logs.forService(facts.name),
      }),
    );
    return {
      name: facts.name,
      url: toServiceUrl(config.host, bridge.port),
      port: bridge.port,
      stop: () => bridge.stop(),
    };
  },
};
