import { status, type Metadata } from '@grpc/grpc-js';
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

/** What refuses a call: the status it is answered with. */
export interface CallRefusal {
  readonly code: status;
  readonly details: string;
}

/**
 * The check of the caller's JWT that runs on an OrderService call's metadata, before its handler
 * (see server-call-interceptor.ts): undefined when the call may go on. Verified tokens are
 * remembered until their `exp` (verified-token-cache.ts).
 */
export function createCallerCheck(jwtSecret: string): (path: string, metadata: Metadata) => CallRefusal | undefined {
  const verify = createVerifiedTokenCache(jwtSecret);
  return (path, metadata) => checkCaller(metadata, writeMethods.has(path), verify);
}

/** Whether a method is one of OrderService's (health and reflection stay open: probes and grpcurl's listing need no token). */
export function isOrderServiceMethod(path: string): boolean {
  return path.startsWith(`/${orderServiceName}/`);
}

function checkCaller(
  metadata: Metadata,
  writes: boolean,
  verify: (token: string) => TokenVerification,
): CallRefusal | undefined {
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
