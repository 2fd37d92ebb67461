import { status, type Deadline } from '@grpc/grpc-js';
import type { Logger } from '../../../log/log-entry.js';

const statusNames = new Map(Object.entries(status).map(([name, code]) => [code, name]));

/** One call's log line, written once, whatever ends the call first. */
export interface CallLog {
  /** The call ended with this status (a handler's, or the auth check's). */
  ended(code: number, details?: string): void;
  /** The caller cancelled, or its deadline passed. */
  cancelled(): void;
}

/**
 * One structured line per call, whatever ended it (a handler's status, the auth check, the
 * caller cancelling or its deadline passing): method, status, duration and peer.
 */
export function startCallLog(
  logger: Logger,
  path: string,
  call: { getPeer(): string; getDeadline(): Deadline },
): CallLog {
  const startedAt = performance.now();
  let logged = false;
  const log = (code: number, details?: string) => {
    if (logged) return;
    logged = true;
    const line = {
      method: path,
      status: statusNames.get(code) ?? String(code),
      code,
      durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      peer: call.getPeer(),
      ...(code === status.OK || details === undefined ? {} : { details }),
    };
    if (code === status.INTERNAL || code === status.UNKNOWN) logger.error('gRPC call', line);
    else logger.info('gRPC call', line);
  };
  return {
    ended: log,
    cancelled() {
      const deadline = call.getDeadline();
      const passed = deadline instanceof Date ? deadline.getTime() <= Date.now() : deadline <= Date.now();
      log(passed ? status.DEADLINE_EXCEEDED : status.CANCELLED);
    },
  };
}
