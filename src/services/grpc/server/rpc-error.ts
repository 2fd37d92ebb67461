import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';
import { isTransientWriteError } from '../../../mongo/write-batcher.js';
import { encodeBadRequestStatus, type FieldViolation } from './encode-status-details.js';
import { describeViolations, listViolations } from './list-violations.js';

/** What a handler answers a failed call with: a status code, a readable message and, maybe, trailers. */
export type RpcError = Pick<StatusObject, 'code' | 'details' | 'metadata'>;

/**
 * INVALID_ARGUMENT naming the invalid fields: in the message for people, and as a
 * google.rpc.BadRequest in `grpc-status-details-bin` for tools. Past a few KB only the first are
 * named and the message says how many more there are (`and 97 more invalid fields`), so that
 * every client can still read the answer.
 */
export function invalidArgument(violations: readonly FieldViolation[]): RpcError {
  const listed = listViolations(violations);
  const details = `Invalid request: ${describeViolations(listed)}`;
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', encodeBadRequestStatus(status.INVALID_ARGUMENT, details, listed.listed));
  return { code: status.INVALID_ARGUMENT, details, metadata };
}

export function rpcError(code: status, details: string): RpcError {
  return { code, details, metadata: new Metadata() };
}

/**
 * The answer for a failure no handler expected: MongoDB away is UNAVAILABLE (the client's retry
 * policy tries again), anything else INTERNAL, without internals (the server's log has them).
 */
export function toRpcError(error: unknown): RpcError {
  if (isMongoUnavailable(error) || isTransientWriteError(error))
    return rpcError(status.UNAVAILABLE, 'MongoDB is unreachable; try again shortly');
  return rpcError(status.INTERNAL, 'The server failed to handle the call; its log says why');
}

/** Ends a streaming call with `rpc` as its status (grpc-js turns an emitted error into the call's status). */
export function failStream(call: NodeJS.EventEmitter, rpc: RpcError): void {
  call.emit('error', Object.assign(new Error(rpc.details), rpc));
}
