import { status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { readFieldViolations, type FieldViolation } from './read-field-violations.js';

/**
 * A call to OrderService that ended with a status other than OK, told without grpc-js types:
 * the CLI and the bridge read its code, name, message and invalid fields.
 */
export class OrderCallError extends Error {
  /** The numeric gRPC status code (3 for INVALID_ARGUMENT). */
  readonly code: number;
  /** The status name (`INVALID_ARGUMENT`), as grpcurl and the docs write it. */
  readonly statusName: string;
  /** The server's message (grpc-js calls it `details`). */
  readonly details: string;
  readonly violations: readonly FieldViolation[];

  constructor(code: number, details: string, violations: readonly FieldViolation[] = []) {
    super(`${toStatusName(code)}: ${details}`);
    this.name = 'OrderCallError';
    this.code = code;
    this.statusName = toStatusName(code);
    this.details = details;
    this.violations = violations;
  }
}

/** The status names this module's users compare against, without importing grpc-js. */
export const callStatus = {
  cancelled: grpcStatus.CANCELLED,
  invalidArgument: grpcStatus.INVALID_ARGUMENT,
  unavailable: grpcStatus.UNAVAILABLE,
} as const;

/** `3` → `INVALID_ARGUMENT`; an unknown code keeps its number. */
export function toStatusName(code: number): string {
  return (grpcStatus as unknown as Record<number, string | undefined>)[code] ?? `STATUS_${code}`;
}

/** A grpc-js failure (or anything thrown while calling) as an OrderCallError. */
export function toOrderCallError(error: unknown): OrderCallError {
  if (error instanceof OrderCallError) return error;
  const failure = error as Partial<ServiceError> | undefined;
  if (typeof failure?.code !== 'number') {
    // protobufjs refusing a request it cannot encode, before anything was sent.
    return new OrderCallError(grpcStatus.INTERNAL, error instanceof Error ? error.message : String(error));
  }
  const [details] = failure.metadata?.get('grpc-status-details-bin') ?? [];
  return new OrderCallError(
    failure.code,
    failure.details ?? failure.message ?? '',
    Buffer.isBuffer(details) ? readFieldViolations(details) : [],
  );
}
