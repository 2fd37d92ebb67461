import { notReady, type ReadinessCheck } from './readiness-check.js';

/**
 * The slot for gRPC services (grpc-server, grpc-bridge; next issue): ready when
 * `grpc.health.v1.Health/Check` answers SERVING for `service` ('' = the whole server). The
 * probe needs @grpc/grpc-js, which lives in src/services/grpc/: it will call a health client
 * exported from there. Until then it reports itself as not available, so that a registry entry
 * using it fails loudly instead of passing.
 */
export function grpcHealth(service = ''): ReadinessCheck {
  const check: ReadinessCheck = {
    name: `gRPC health${service === '' ? '' : ` (${service})`}`,
    probe: () => Promise.resolve(notReady(check, 'gRPC health checks arrive with the gRPC services')),
  };
  return check;
}
