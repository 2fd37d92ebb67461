import type { Metadata } from '@grpc/grpc-js';

/**
 * The metadata key of CreateOrder's idempotency key, as Stripe's `Idempotency-Key` header: the
 * typed client sends a new one per logical call (its retries on UNAVAILABLE resend the same), and
 * the server answers a repeat with the order the first call created, so a retry never creates a
 * second order. The same key with another request is refused with INVALID_ARGUMENT.
 */
export const idempotencyKeyMetadataKey = 'idempotency-key';

export type IdempotencyKeyReading =
  { readonly ok: true; readonly key: string | undefined } | { readonly ok: false; readonly description: string };

/** The call's key (undefined when it sent none: then the call is not deduplicated), or why it is refused. */
export function readIdempotencyKey(metadata: Metadata): IdempotencyKeyReading {
  const values = metadata.get(idempotencyKeyMetadataKey);
  if (values.length === 0) return { ok: true, key: undefined };
  const key = String(values[0]);
  if (values.length > 1) return { ok: false, description: 'must be sent once' };
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    return { ok: false, description: 'must be 1 to 255 visible ASCII characters (a UUID, say)' };
  return { ok: true, key };
}
