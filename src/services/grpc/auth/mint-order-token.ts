import { createHmac } from 'node:crypto';

/** What a token minted by rtlab allows: every RPC of OrderService. */
export const fullOrderScope = 'orders:read orders:write';

export interface MintOrderTokenOptions {
  /** `JWT_SECRET`, shared with the gRPC server. */
  readonly secret: string;
  /** Space-separated, as in OAuth; default `orders:read orders:write`. */
  readonly scope?: string;
  /** Who the token speaks for (`rtlab-cli`, `grpc-bridge`). */
  readonly subject?: string;
  /** Short on purpose: a leaked token is soon worthless, and minting one costs one HMAC. */
  readonly expiresInSeconds?: number;
  readonly now?: Date;
}

export interface MintedToken {
  readonly token: string;
  /** Seconds since the epoch, as in the `exp` claim. */
  readonly expiresAt: number;
}

/**
 * A compact JWS signed with HS256 and `JWT_SECRET`, the token the gRPC server checks in
 * `authorization: Bearer …`. Written on node:crypto, as the server's verifier is: HS256 is one HMAC.
 */
export function mintOrderToken(options: MintOrderTokenOptions): MintedToken {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresAt = issuedAt + (options.expiresInSeconds ?? 300);
  const header = toBase64Url({ alg: 'HS256', typ: 'JWT' });
  const payload = toBase64Url({
    sub: options.subject ?? 'rtlab',
    scope: options.scope ?? fullOrderScope,
    iat: issuedAt,
    exp: expiresAt,
  });
  const signature = createHmac('sha256', options.secret).update(`${header}.${payload}`).digest('base64url');
  return { token: `${header}.${payload}.${signature}`, expiresAt };
}

function toBase64Url(value: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
