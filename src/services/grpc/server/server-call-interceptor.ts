import {
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  type ServerInterceptor,
  type StatusObject,
} from '@grpc/grpc-js';
import type { Logger } from '../../../log/log-entry.js';
import { startCallLog } from './call-log.js';
import { createCallerCheck, isOrderServiceMethod } from './check-caller.js';
import { InvalidUtf8Request } from './checked-request-text.js';
import { invalidArgument } from './rpc-error.js';

/**
 * The server's one interceptor: the caller's JWT is checked on the metadata of every
 * OrderService call, which arrives before the first message, so a refused call is answered there
 * and its handler never starts; a message with a string that is not UTF-8 is refused before its
 * handler sees it (checked-request-text.ts); and every call but health checks (readiness probes would drown
 * the log) gets its log line, refused ones included. One interceptor, not one per concern: each
 * layer is a wrapper every message and status of every call passes through.
 */
export function createServerCallInterceptor(logger: Logger, jwtSecret: string): ServerInterceptor {
  const checkCaller = createCallerCheck(jwtSecret);
  return (method, call) => {
    const guarded = isOrderServiceMethod(method.path);
    if (!guarded && method.path.startsWith('/grpc.health.v1.')) return new ServerInterceptingCall(call);
    const log = startCallLog(logger, method.path, call);
    const listener = new ServerListenerBuilder().withOnCancel(() => log.cancelled());
    if (guarded)
      listener
        .withOnReceiveMetadata((metadata, next) => {
          const refusal = checkCaller(method.path, metadata);
          if (refusal === undefined) return next(metadata);
          refuse(refusal);
        })
        .withOnReceiveMessage((message, next) => {
          if (!(message instanceof InvalidUtf8Request)) return next(message);
          refuse(invalidArgument([{ field: message.field, description: message.description }]));
        });
    // Sent below this interceptor's responder: logged here.
    const refuse = (refusal: Pick<StatusObject, 'code' | 'details'> & Partial<StatusObject>) => {
      log.ended(refusal.code, refusal.details);
      call.sendStatus(refusal);
    };
    const responder = new ResponderBuilder()
      .withStart((next) => next(listener.build()))
      .withSendStatus((sent, next) => {
        log.ended(sent.code, sent.details);
        next(sent);
      })
      .build();
    return new ServerInterceptingCall(call, responder);
  };
}
