import {
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import type { Logger } from '../../../log/log-entry.js';

const statusNames = new Map(Object.entries(status).map(([name, code]) => [code, name]));

/**
 * One structured line per call, whatever ended it (a handler's status, the auth check, the
 * caller cancelling or its deadline passing): method, status, duration and peer. Health checks
 * are left out: readiness probes would drown the log.
 */
export function createCallLogInterceptor(logger: Logger): ServerInterceptor {
  return (method, call) => {
    if (method.path.startsWith('/grpc.health.v1.')) return new ServerInterceptingCall(call);
    const startedAt = performance.now();
    let logged = false;
    const log = (code: number, details?: string) => {
      if (logged) return;
      logged = true;
      const line = {
        method: method.path,
        status: statusNames.get(code) ?? String(code),
        code,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        peer: call.getPeer(),
        ...(code === status.OK || details === undefined ? {} : { details }),
      };
      if (code === status.INTERNAL || code === status.UNKNOWN) logger.error('gRPC call', line);
      else logger.info('gRPC call', line);
    };
    const listener = new ServerListenerBuilder()
      .withOnCancel(() => {
        const deadline = call.getDeadline();
        const passed = deadline instanceof Date ? deadline.getTime() <= Date.now() : deadline <= Date.now();
        log(passed ? status.DEADLINE_EXCEEDED : status.CANCELLED);
      })
      .build();
    const responder = new ResponderBuilder()
      .withStart((next) => next(listener))
      .withSendStatus((sent, next) => {
        log(sent.code, sent.details);
        next(sent);
      })
      .build();
    return new ServerInterceptingCall(call, responder);
  };
}
