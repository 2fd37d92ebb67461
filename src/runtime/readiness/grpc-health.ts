import { checkGrpcHealth } from '../../services/grpc/check-grpc-health.js';
import { notReady, type ReadinessCheck } from './readiness-check.js';

/**
 * Ready when `grpc.health.v1.Health/Check` answers SERVING for `service` ('' = the whole server),
 * at the service's host and port: what a gRPC server says of itself, MongoDB included (its
 * health turns NOT_SERVING while MongoDB is unreachable).
 */
export function grpcHealth(service = ''): ReadinessCheck {
  const check: ReadinessCheck = {
    name: `gRPC health${service === '' ? '' : ` (${service})`}`,
    async probe(target, timeoutMs) {
      const port = target.port ?? (target.url === undefined ? undefined : Number(new URL(target.url).port));
      if (port === undefined || !(port > 0)) return notReady(check, 'no port to connect to');
      const host = target.host ?? '127.0.0.1';
      const result = await checkGrpcHealth(`${host.includes(':') ? `[${host}]` : host}:${port}`, service, timeoutMs);
      if (!result.ok) return notReady(check, result.detail);
      return result.status === 'SERVING' ? { ready: true } : notReady(check, `health says ${result.status}`);
    },
  };
  return check;
}
