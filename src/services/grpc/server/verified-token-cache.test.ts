import { afterEach, describe, expect, it, vi } from 'vitest';
import { mintOrderToken } from '../auth/mint-order-token.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

const secret = 'secret-for-the-token-cache-0123456789';

describe('createVerifiedTokenCache', () => {
  afterEach(() => vi.useRealTimers());

  it('accepts a token it verified until its exp (with the 30 s skew), then refuses it', () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const verify = createVerifiedTokenCache(secret);
    const { token } = mintOrderToken({ secret, expiresInSeconds: 60 });
    expect(verify(token)).toMatchObject({ ok: true, claims: { scopes: ['orders:read', 'orders:write'] } });
    vi.setSystemTime(new Date('2026-01-01T00:01:29Z'));
    expect(verify(token).ok).toBe(true);
    vi.setSystemTime(new Date('2026-01-01T00:01:31Z'));
    expect(verify(token)).toEqual({ ok: false, reason: 'the token has expired' });
  });

  it('never remembers a refusal as an acceptance: a token signed with another secret stays refused', () => {
    const verify = createVerifiedTokenCache(secret);
    const { token } = mintOrderToken({ secret: 'another-secret-entirely-0123456' });
    expect(verify(token).ok).toBe(false);
    expect(verify(token).ok).toBe(false);
    expect(verify(mintOrderToken({ secret }).token).ok).toBe(true);
  });
});
