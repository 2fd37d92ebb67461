import { mintOrderToken } from '../auth/mint-order-token.js';

/** Where a client's bearer token comes from: given as is (`--token`), or minted from `JWT_SECRET`. */
export type OrderClientAuth =
  { readonly token: string } | { readonly secret: string; readonly scope?: string; readonly subject?: string };

/** Minted tokens are replaced this long before they expire, so no call starts with a dying one. */
const renewBeforeSeconds = 60;

/**
 * The token for the next call. A minted token is reused until a minute before it expires: a
 * long-running bridge keeps calling with fresh tokens, and a burst of calls costs one HMAC.
 */
export function createTokenSource(auth: OrderClientAuth): () => string {
  if ('token' in auth) return () => auth.token;
  let current: { token: string; expiresAt: number } | undefined;
  return () => {
    const nowSeconds = Date.now() / 1000;
    if (current === undefined || current.expiresAt - renewBeforeSeconds <= nowSeconds)
      current = mintOrderToken({ secret: auth.secret, scope: auth.scope, subject: auth.subject });
    return current.token;
  };
}
