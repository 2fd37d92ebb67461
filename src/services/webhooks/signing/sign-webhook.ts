import { createHmac, randomBytes } from 'node:crypto';
import { toSecretKey } from './webhook-secret.js';

/** The three Standard Webhooks headers, by their lower-case names. */
export interface WebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** `v1,` + base64(HMAC-SHA256(key, "id.timestamp.body")), over the body's exact bytes. */
export function signWebhook(input: { id: string; timestamp: number; body: Buffer | string; secret: string }): string {
  const hmac = createHmac('sha256', toSecretKey(input.secret));
  hmac.update(`${input.id}.${input.timestamp}.`);
  hmac.update(input.body);
  return `v1,${hmac.digest('base64')}`;
}

export function buildWebhookHeaders(input: {
  id: string;
  timestamp: number;
  body: Buffer | string;
  secret: string;
}): WebhookHeaders {
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signWebhook(input),
  };
}

/** A fresh message id, as providers mint them (`msg_` + 24 random characters). */
export function newWebhookId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`;
}
