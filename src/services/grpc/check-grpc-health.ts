import { credentials, makeClientConstructor, type Client, type ServiceDefinition } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

/** What `grpc.health.v1.Health/Check` said, or why it could not be asked. */
export type GrpcHealthResult =
  { readonly ok: true; readonly status: string } | { readonly ok: false; readonly detail: string };

type HealthClient = Client & {
  check(
    request: { service: string },
    options: { deadline: Date },
    callback: (error: (Error & { code?: number; details?: string }) | null, response?: { status: string }) => void,
  ): void;
};

const HealthClientConstructor = makeClientConstructor(healthService as unknown as ServiceDefinition, 'Health');

/**
 * One `Check` call against a gRPC server (`service` '' = the whole server), on a channel of its
 * own that is closed afterwards: readiness probes, doctor and tests ask through this.
 */
export function checkGrpcHealth(target: string, service: string, timeoutMs: number): Promise<GrpcHealthResult> {
  const client = new HealthClientConstructor(target, credentials.createInsecure()) as unknown as HealthClient;
  return new Promise<GrpcHealthResult>((resolve) => {
    client.check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
      client.close();
      if (error !== null) resolve({ ok: false, detail: `${target}: ${error.details ?? error.message}` });
      else resolve({ ok: true, status: response?.status ?? 'UNKNOWN' });
    });
  });
}
