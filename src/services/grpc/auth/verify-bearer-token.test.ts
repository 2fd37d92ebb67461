import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyBearerToken } from './verify-bearer-token.js';

const secret = 'jwt-secret-for-unit-tests-0123456789';
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (claims: Record<string, unknown>) => {
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const now = new Date('2026-11-29T12:00:00Z');
const inAnHour = now.getTime() / 1000 + 3600;

describe('verifyBearerToken', () => {
  it('refuses a token without exp, saying so (a leaked one would work forever)', () => {
    expect(verifyBearerToken(sign({ sub: 'a', scope: 'orders:read' }), secret, now)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the token has no exp claim/),
    });
    expect(verifyBearerToken(sign({ sub: 'a', scope: 'orders:read', exp: inAnHour }), secret, now)).toMatchObject({
      ok: true,
    });
  });

  it('accepts only the canonical spelling of a signature, not one with the unused bits of its last character set', () => {
    const token = sign({ sub: 'a', exp: inAnHour });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes are 43 characters, the last carrying 4 bits: its 2 low bits are unused.
    const last = alphabet.indexOf(token.at(-1) ?? '');
    const variants = [1, 2, 3].map((bits) => `${token.slice(0, -1)}${alphabet[last ^ bits]}`);
    for (const variant of variants) {
      expect(Buffer.from(variant.split('.')[2] ?? '', 'base64url')).toEqual(
        Buffer.from(token.split('.')[2] ?? '', 'base64url'),
      );
      expect(verifyBearerToken(variant, secret, now)).toMatchObject({ ok: false, reason: /signature does not match/ });
    }
  });

  it('tolerates 30 s of clock difference around exp, not more', () => {
    const expiring = sign({ exp: now.getTime() / 1000 - 20 });
    expect(verifyBearerToken(expiring, secret, now)).toMatchObject({ ok: true });
    expect(verifyBearerToken(sign({ exp: now.getTime() / 1000 - 31 }), secret, now)).toMatchObject({
      ok: false,
      reason: 'the token has expired',
    });
  });
});
