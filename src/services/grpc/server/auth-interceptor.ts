import {
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status,
  type Metadata,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import type { TokenVerification } from '../auth/verify-bearer-token.js';
import { orderServiceName } from '../load-order-service.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

/** The scope a token needs for the RPCs that change something. */
export const writeScope = 'orders:write';

/** RPCs that write to MongoDB: orders, and the chat messages ChatOrders stores. */
const writeMethods = new Set(['CreateOrder', 'UpdateOrderStatus', 'ImportOrders', 'ChatOrders'].map(toPath));

function toPath(method: string): string {
  return `/${orderServiceName}/${method}`;
}

/**
 * Checks the caller's JWT before any OrderService handler runs, for every kind of RPC: the check
 * sits on the metadata, which arrives before the first message, and a refused call is answered
 * there without its handler ever being started. Health and reflection stay open: probes and
 * grpcurl's listing need no token.
 */
export function createAuthInterceptor(jwtSecret: string): ServerInterceptor {
  const verify = createVerifiedTokenCache(jwtSecret);
  return (method, call) => {
    if (!method.path.startsWith(`/${orderServiceName}/`)) return new ServerInterceptingCall(call);
    const listener = new ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        const refusal = checkCaller(metadata, writeMethods.has(method.path), verify);
        if (refusal === undefined) next(metadata);
        else call.sendStatus(refusal);
      })
      .build();
    return new ServerInterceptingCall(call, new ResponderBuilder().withStart((next) => next(listener)).build());
  };
}

function checkCaller(
  metadata: Metadata,
  writes: boolean,
  verify: (token: string) => TokenVerification,
): { code: status; details: string } | undefined {
  const values = metadata.get('authorization');
  if (values.length === 0)
    return {
      code: status.UNAUTHENTICATED,
      details: 'Missing authorization metadata: send "authorization: Bearer <JWT>"',
    };
  const match = /^Bearer +(\S+)$/i.exec(String(values[0]).trim());
  if (values.length > 1 || match?.[1] === undefined)
    return { code: status.UNAUTHENTICATED, details: 'Malformed authorization metadata: expected one "Bearer <JWT>"' };
  const verified = verify(match[1]);
  if (!verified.ok) return { code: status.UNAUTHENTICATED, details: `Invalid token: ${verified.reason}` };
  if (writes && !verified.claims.scopes.includes(writeScope))
    return {
      code: status.PERMISSION_DENIED,
      details: `This call changes orders and needs the "${writeScope}" scope; the token's scope is "${verified.claims.scopes.join(' ')}"`,
    };
  return undefined;
}
