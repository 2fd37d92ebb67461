/**
 * How to tell that a service is ready, written as data: the registry states it once, and every
 * runtime (this process, a child process, a container) and the tests turn it into checks with
 * the strategies in `src/runtime/readiness/`.
 */
export type ReadinessSpec =
  /** `GET <url><path>` answers 2xx. */
  | { readonly check: 'http'; readonly path: string }
  /** Something accepts TCP connections on the service's port. */
  | { readonly check: 'tcp' }
  /** The service logged a line containing `line`, at least `count` times (default 1). */
  | { readonly check: 'log'; readonly line: string; readonly count?: number }
  /** The MongoDB at the service's URL answers `ping`. */
  | { readonly check: 'mongo-ping' }
  /** An Engine.IO handshake on `/socket.io/` opens a session: Socket.IO is attached and answering. */
  | { readonly check: 'socket-io' }
  /** The gRPC health service answers SERVING (`grpc.health.v1`, for the gRPC services of the next issue). */
  | { readonly check: 'grpc-health'; readonly service?: string }
  /** Every one of these, within one deadline. */
  | { readonly check: 'all'; readonly of: readonly ReadinessSpec[] };

/** Short constructors, so that registry entries read as sentences. */
export const ready = {
  http: (path: string): ReadinessSpec => ({ check: 'http', path }),
  tcp: (): ReadinessSpec => ({ check: 'tcp' }),
  logLine: (line: string, count?: number): ReadinessSpec =>
    count === undefined ? { check: 'log', line } : { check: 'log', line, count },
  mongoPing: (): ReadinessSpec => ({ check: 'mongo-ping' }),
  socketIo: (): ReadinessSpec => ({ check: 'socket-io' }),
  grpcHealth: (service?: string): ReadinessSpec =>
    service === undefined ? { check: 'grpc-health' } : { check: 'grpc-health', service },
  all: (...of: ReadinessSpec[]): ReadinessSpec => ({ check: 'all', of }),
};
