import type { OrderCallError } from '../client/order-call-error.js';

/** gRPC status → HTTP status, as the gRPC-HTTP mapping (google.rpc.Code) has it for REST gateways. */
const httpStatusOf: Readonly<Record<string, number>> = {
  INVALID_ARGUMENT: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ABORTED: 409,
  FAILED_PRECONDITION: 409,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

export interface HttpFailure {
  readonly status: number;
  /** The lab's error body: `{ error, message }`, with the invalid fields as `issues` (as the sender's 422). */
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * A failed gRPC call as the bridge answers it. Anything the table does not name (INTERNAL,
 * UNKNOWN, DATA_LOSS) is the server's failure, not the HTTP client's: 502 Bad Gateway.
 */
export function toHttpFailure(failure: OrderCallError): HttpFailure {
  const issues = failure.violations.map((violation) => ({ path: violation.field, message: violation.description }));
  return {
    status: httpStatusOf[failure.statusName] ?? 502,
    body: {
      error: failure.statusName.toLowerCase(),
      message: failure.details,
      grpcCode: failure.code,
      ...(issues.length > 0 ? { issues } : {}),
    },
  };
}
