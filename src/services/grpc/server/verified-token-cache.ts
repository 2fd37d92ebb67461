import { verifyBearerToken, type TokenVerification } from '../auth/verify-bearer-token.js';

/** Distinct tokens remembered at once; past it the cache starts over (a flood of tokens costs what it did without one). */
const maxTokens = 1000;

/**
 * `verifyBearerToken` once per token value: a client sends the same token with every call until
 * it renews it, so the HMAC and the two JSON parses are paid once, and the token is accepted from
 * memory until its `exp` (clock skew included). Only accepted tokens are kept: a refused one is
 * checked again each time, and a token can never be accepted past its expiry.
 */
export function createVerifiedTokenCache(secret: string): (token: string) => TokenVerification {
  const accepted = new Map<string, Extract<TokenVerification, { ok: true }>>();
  return (token) => {
    const known = accepted.get(token);
    if (known !== undefined) {
      if (Date.now() < known.claims.validUntilMs) return known;
      accepted.delete(token);
    }
    const verified = verifyBearerToken(token, secret);
    if (verified.ok) {
      if (accepted.size >= maxTokens) accepted.clear();
      accepted.set(token, verified);
    }
    return verified;
  };
}
