import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { buildWebhookHeaders, signWebhook } from './sign-webhook.js';
import { verifyWebhook, type VerifyWebhookInput } from './verify-webhook.js';

// The test vector of the Standard Webhooks libraries.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
};
const expectedSignature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

function input(overrides: Partial<VerifyWebhookInput> = {}): VerifyWebhookInput {
  return {
    id: vector.id,
    timestamp: String(vector.timestamp),
    signature: expectedSignature,
    body: Buffer.from(vector.body),
    secrets: [vector.secret],
    nowSeconds: vector.timestamp,
    ...overrides,
  };
}

describe('Standard Webhooks signing', () => {
  it('produces the reference signature of the test vector', () => {
    expect(signWebhook(vector)).toBe(expectedSignature);
    expect(verifyWebhook(input())).toEqual({ ok: true, id: vector.id, timestamp: vector.timestamp });
  });

  it('interoperates with the standardwebhooks package both ways', () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      type: 'order.created',
      data: { orderId: 'o1' },
      createdAt: new Date().toISOString(),
    });
    const ours = buildWebhookHeaders({ id: 'msg_ours', timestamp: now, body, secret: vector.secret });
    expect(new Webhook(vector.secret).verify(body, { ...ours })).toEqual(JSON.parse(body));

    const theirs = new Webhook(vector.secret).sign('msg_theirs', new Date(now * 1000), body);
    expect(
      verifyWebhook({
        id: 'msg_theirs',
        timestamp: String(now),
        signature: theirs,
        body: Buffer.from(body),
        secrets: [vector.secret],
        nowSeconds: now,
      }),
    ).toMatchObject({ ok: true });
  });

  it('accepts any of several signatures and any of the rotated secrets', () => {
    const previous = 'an-older-secret-value';
    const signedWithPrevious = signWebhook({ ...vector, secret: previous });
    expect(
      verifyWebhook(input({ signature: `v1,AAAA ${signedWithPrevious}`, secrets: [vector.secret, previous] })),
    ).toMatchObject({ ok: true });
    expect(verifyWebhook(input({ signature: signedWithPrevious }))).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it.each([
    ['a tampered body', { body: Buffer.from('{"test": 2432232315}') }, 'signature_mismatch'],
    ['a re-serialised body', { body: Buffer.from(JSON.stringify(JSON.parse(vector.body))) }, 'signature_mismatch'],
    ['a missing id', { id: undefined }, 'missing_headers'],
    ['an empty signature', { signature: '' }, 'missing_headers'],
    ['a timestamp 301 s old', { nowSeconds: vector.timestamp + 301 }, 'timestamp_too_old'],
    ['a timestamp 301 s ahead', { nowSeconds: vector.timestamp - 301 }, 'timestamp_in_future'],
    ['a timestamp with letters', { timestamp: '1614265330abc' }, 'invalid_timestamp'],
    ['a timestamp in exponent form', { timestamp: '1.6e9' }, 'invalid_timestamp'],
    ['a negative timestamp', { timestamp: '-1' }, 'invalid_timestamp'],
    ['an id of 256 characters', { id: 'a'.repeat(256) }, 'invalid_id'],
    ['an id with a control character', { id: 'msg_\u0001' }, 'invalid_id'],
    ['a truncated signature', { signature: expectedSignature.slice(0, 20) }, 'signature_mismatch'],
    ['a signature that is not base64', { signature: 'v1,***' }, 'invalid_signature_header'],
    ['an unknown signature version only', { signature: expectedSignature.replace('v1,', 'v9,') }, 'signature_mismatch'],
    ['a signature without a version', { signature: expectedSignature.slice(3) }, 'invalid_signature_header'],
  ])('refuses %s', (_name, overrides, reason) => {
    expect(verifyWebhook(input(overrides as Partial<VerifyWebhookInput>))).toEqual({ ok: false, reason });
  });
});
