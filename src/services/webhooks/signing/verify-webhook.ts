import { createHmac, timingSafeEqual } from 'node:crypto';
import { toSecretKey } from './webhook-secret.js';

export const defaultToleranceSeconds = 300;

/** Why a delivery was refused; the receiver answers with it as a reason code. */
export type VerifyFailure =
  | 'missing_headers'
  | 'invalid_id'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'invalid_signature_header'
  | 'signature_mismatch';

export type VerifyResult =
  | { readonly ok: true; readonly id: string; readonly timestamp: number }
  | { readonly ok: false; readonly reason: VerifyFailure };

export interface VerifyWebhookInput {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  /** The body exactly as received: never re-serialised JSON. */
  readonly body: Buffer;
  /** The current secret first, then previous ones still accepted during a rotation. */
  readonly secrets: readonly string[];
  readonly nowSeconds: number;
  readonly toleranceSeconds?: number;
}

/**
 * Verifies a Standard Webhooks delivery with strict header parsing: a timestamp of digits only,
 * an id of at most 255 printable characters, a space-separated list of versioned signatures.
 * Any valid `v1` signature under any accepted secret passes; comparison is constant-time and
 * cannot throw on a length mismatch.
 */
export function verifyWebhook(input: VerifyWebhookInput): VerifyResult {
  const { id, timestamp, signature } = input;
  if (
    id === undefined ||
    id === '' ||
    timestamp === undefined ||
    timestamp === '' ||
    signature === undefined ||
    signature === ''
  ) {
    return { ok: false, reason: 'missing_headers' };
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(id)) return { ok: false, reason: 'invalid_id' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'invalid_timestamp' };
  const seconds = Number(timestamp);
  const tolerance = input.toleranceSeconds ?? defaultToleranceSeconds;
  if (seconds < input.nowSeconds - tolerance) return { ok: false, reason: 'timestamp_too_old' };
  if (seconds > input.nowSeconds + tolerance) return { ok: false, reason: 'timestamp_in_future' };

  const candidates = parseSignatureHeader(signature);
  if (candidates === undefined) return { ok: false, reason: 'invalid_signature_header' };
  const v1 = candidates.filter((candidate) => candidate.version === 'v1').map((candidate) => candidate.bytes);
  for (const secret of input.secrets) {
    const expected = createHmac('sha256', toSecretKey(secret))
      .update(`${id}.${timestamp}.`)
      .update(input.body)
      .digest();
    if (v1.some((provided) => provided.length === expected.length && timingSafeEqual(provided, expected)))
      return { ok: true, id, timestamp: seconds };
  }
  return { ok: false, reason: 'signature_mismatch' };
}

/**
 * `v1,abc= v1a,def=`: each entry is a version tag, a comma and base64. Undefined when no entry
 * has that shape; entries of unknown versions are kept and simply never match.
 */
function parseSignatureHeader(header: string): Array<{ version: string; bytes: Buffer }> | undefined {
  const entries = header
    .split(' ')
    .filter((entry) => entry !== '')
    .map((entry) => /^(v\d+[a-z]*),([A-Za-z0-9+/]+={0,2})$/.exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ version: match[1]!, bytes: Buffer.from(match[2]!, 'base64') }));
  return entries.length === 0 ? undefined : entries;
}
