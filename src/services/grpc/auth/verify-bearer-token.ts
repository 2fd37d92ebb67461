import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims rtlab reads from a token; the others are carried but not interpreted. */
export interface TokenClaims {
  readonly sub?: string;
  /** Space-separated, as in OAuth (`orders:read orders:write`). */
  readonly scopes: readonly string[];
  /** Until when (ms since the epoch, clock skew included) the token is accepted; unbounded without `exp`. */
  readonly validUntilMs: number;
}

export type TokenVerification =
  { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly reason: string };

/**
 * Tolerated clock difference between the token's issuer and this server, as most JWT libraries
 * allow (jsonwebtoken's clockTolerance, Spring's 60 s): clocks of two machines are never equal.
 */
const clockSkewSeconds = 30;

/**
 * Verifies a compact JWS signed with HS256 and the shared `JWT_SECRET`. Only HS256 is accepted,
 * whatever the header asks for: `alg: none` (an unsigned token) and algorithm substitution are
 * refused before any signature is looked at. `exp` is required (a token without one would open
 * the service forever once leaked, RFC 8725 §3.10); `nbf` is honoured when present. A signature
 * must be canonical base64url (the one HMAC encodes to): a decoder drops the unused low bits of
 * the last character, so without this check four spellings of one signature would all pass.
 * Written on node:crypto because HS256 is one HMAC, and a constant-time comparison of it.
 */
export function verifyBearerToken(token: string, secret: string, now: Date = new Date()): TokenVerification {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part)))
    return fail('the token is not a JWT (three base64url parts separated by dots)');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = parseJsonPart(headerPart);
  if (header === undefined) return fail('the token header is not JSON');
  if (header.alg !== 'HS256')
    return fail(`the token is signed with ${JSON.stringify(header.alg)}; only HS256 is accepted`);
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const signature = Buffer.from(signaturePart, 'base64url');
  if (
    signature.length !== expected.length ||
    !timingSafeEqual(signature, expected) ||
    signature.toString('base64url') !== signaturePart
  )
    return fail('the token signature does not match (signed with another secret?)');
  const payload = parseJsonPart(payloadPart);
  if (payload === undefined) return fail('the token payload is not JSON');
  const nowSeconds = now.getTime() / 1000;
  if (payload.exp === undefined)
    return fail('the token has no exp claim; rtlab accepts only tokens that expire (rtlab grpc mints them)');
  if (typeof payload.exp !== 'number' || nowSeconds >= payload.exp + clockSkewSeconds)
    return fail('the token has expired');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || nowSeconds < payload.nbf - clockSkewSeconds))
    return fail('the token is not valid yet');
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((scope) => scope !== '') : [];
  const validUntilMs = payload.exp === undefined ? Infinity : (payload.exp + clockSkewSeconds) * 1000;
  return {
    ok: true,
    claims: { ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}), scopes, validUntilMs },
  };
}

function fail(reason: string): TokenVerification {
  return { ok: false, reason };
}

function parseJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
