import type { OneShotFacts } from './service-definition.js';

/**
 * The seed's one-shot gRPC client: creates a realistic order, prints `Order created via CLI:
 * {...}` and exits 0 (`docker compose run --rm grpc-client`).
 */
export const grpcClient: OneShotFacts = {
  name: 'grpc-client',
  profile: 'grpc',
  command: ['grpc', 'create-order'],
  after: ['grpc-server'],
};
