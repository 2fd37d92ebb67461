import { createHash } from 'node:crypto';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { claimWebhookEvent, markWebhookEvent } from '../../../mongo/webhook-event-store.js';
import type { OrderUpdatePublisher } from '../../order-update-publisher.js';
import type { WebhookHandler } from '../handlers/webhook-handler.js';
import { verifyWebhook, type VerifyFailure } from '../signing/verify-webhook.js';
import { webhookEventSchema } from './event-schema.js';

export interface IngestContext {
  readonly db: LabDb;
  readonly secrets: readonly string[];
  readonly handlers: ReadonlyMap<string, WebhookHandler>;
  readonly publisher: OrderUpdatePublisher;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly toleranceSeconds?: number;
  /** After this long, a claim whose handler never finished may be taken again. */
  readonly leaseMs: number;
}

export interface IngestRequest {
  readonly headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined };
  readonly body: Buffer;
}

/** The reply to give: status code and JSON body (never echoing the payload). */
export interface IngestReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** Set for rejections: logged at warn with this reason. */
  readonly rejected?: string;
}

const reasonMessages: Record<VerifyFailure, string> = {
  missing_headers: 'webhook-id, webhook-timestamp and webhook-signature are all required',
  invalid_id: 'webhook-id must be 1 to 255 printable characters',
  invalid_timestamp: 'webhook-timestamp must be Unix seconds, digits only',
  timestamp_too_old: 'webhook-timestamp is more than 300 s in the past',
  timestamp_in_future: 'webhook-timestamp is more than 300 s in the future',
  invalid_signature_header: 'webhook-signature must be space-separated "v1,<base64>" entries',
  signature_mismatch: 'no signature matches the body with the configured secret',
};

/**
 * Verify, parse, store, handle, publish: the receiver's whole path for one delivery. Nothing
 * is stored for a rejected request; each id is handled once, however many times it arrives.
 */
export async function ingestWebhook(request: IngestRequest, context: IngestContext): Promise<IngestReply> {
  const now = context.now();
  const verified = verifyWebhook({ ...request.headers, body: request.body, secrets: context.secrets, nowSeconds: Math.floor(now.getTime() / 1000), ...(context.toleranceSeconds === undefined ? {} : { toleranceSeconds: context.toleranceSeconds }) });
  if (!verified.ok) {
    const status = verified.reason === 'missing_headers' ? 400 : 401;
    return { status, body: { error: verified.reason, message: reasonMessages[verified.reason] }, rejected: verified.reason };
  }
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(request.body.toString('utf8'));
  } catch {
    return { status: 400, body: { error: 'invalid_json', message: 'the body is not valid JSON' }, rejected: 'invalid_json' };
  }
  const parsed = webhookEventSchema.safeParse(parsedJson);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return { status: 422, body: { error: 'invalid_event', message: 'the body must be { type, data, createdAt }', issues }, rejected: 'invalid_event' };
  }
  const event = parsed.data;
  const eventId = verified.id;
  const payloadHash = createHash('sha256').update(request.body).digest('hex');

  const claim = await claimWebhookEvent(context.db, { eventId, type: event.type, payload: event, payloadHash }, now, context.leaseMs);
  if (!claim.claimed) {
    if (!claim.sameBody) context.logger.warn('Webhook id reused with a different body; kept the first one', { eventId, type: event.type });
    return { status: 200, body: { status: 'duplicate', id: eventId } };
  }

  const handler = context.handlers.get(event.type);
  if (handler === undefined) {
    context.logger.info(`No handler for ${event.type}`, { eventId, type: event.type });
    await markWebhookEvent(context.db, eventId, { status: 'processed' }, context.now());
    return { status: 202, body: { status: 'accepted', id: eventId } };
  }
  context.logger.info(`Handling ${event.type} event`, { eventId, type: event.type, status: 202 });
  const outcome = await handler.handle({ db: context.db, event: { id: eventId, type: event.type, data: event.data, createdAt: event.createdAt }, logger: context.logger });
  if (outcome.status === 'failed') {
    context.logger.warn('Webhook handling failed', { eventId, type: event.type, reason: outcome.reason });
    await markWebhookEvent(context.db, eventId, { status: 'failed', error: outcome.reason }, context.now());
    return { status: 202, body: { status: 'accepted', id: eventId } };
  }
  await markWebhookEvent(context.db, eventId, { status: 'processed' }, context.now());
  if (outcome.update !== undefined) {
    context.logger.info('Emitting WebSocket notification', { eventId, orderId: outcome.update.orderId, status: outcome.update.status });
    context.publisher.publish(outcome.update);
  }
  return { status: 202, body: { status: 'accepted', id: eventId } };
}
