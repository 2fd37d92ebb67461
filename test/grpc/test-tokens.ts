import { createHmac } from 'node:crypto';

export const testJwtSecret = 'jwt-secret-for-grpc-tests-0123456789';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS, signed as a client would sign it (HS256 unless the header says otherwise). */
export function signTestToken(
  claims: Record<string, unknown>,
  options: { secret?: string; header?: Record<string, unknown> } = {},
): string {
  const header = options.header ?? { alg: 'HS256', typ: 'JWT' };
  const signingInput = `${encode(header)}.${encode(claims)}`;
  if (header['alg'] === 'none') return `${signingInput}.`;
  const signature = createHmac('sha256', options.secret ?? testJwtSecret)
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

/** Tokens for the auth matrix: what each one is, and the header to send. */
export const tokens = {
  writer: () => signTestToken({ sub: 'tester', scope: 'orders:read orders:write', exp: inAnHour() }),
  reader: () => signTestToken({ sub: 'reader', scope: 'orders:read', exp: inAnHour() }),
  expired: () => signTestToken({ sub: 'tester', scope: 'orders:write', exp: Math.floor(Date.now() / 1000) - 3600 }),
  wrongSecret: () =>
    signTestToken(
      { sub: 'tester', scope: 'orders:write', exp: inAnHour() },
      { secret: 'another-secret-entirely-0123' },
    ),
  algNone: () =>
    signTestToken({ sub: 'tester', scope: 'orders:write', exp: inAnHour() }, { header: { alg: 'none', typ: 'JWT' } }),
};
