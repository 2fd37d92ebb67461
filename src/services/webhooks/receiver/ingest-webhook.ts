import { createHash } from 'node:crypto';
import { claimWebhookEvent, isLeaseExpired, type NewWebhookEvent } from '../../../mongo/webhook-event-store.js';
import { isRefusedDocument } from '../../../mongo/write-batcher.js';
import { verifyWebhook, type VerifyFailure } from '../signing/verify-webhook.js';
import { awaitHandling } from './await-handling.js';
import { webhookEventSchema } from './event-schema.js';
import { findRefusedIdentifier } from './find-refused-identifier.js';
import { findUnstorableReason } from './find-unstorable-reason.js';
import { handleClaimedEvent, type HandlingContext } from './handle-claimed-event.js';

export interface IngestContext extends HandlingContext {
  readonly secrets: readonly string[];
  readonly toleranceSeconds?: number;
  /** After this long, a claim whose handler never finished may be taken again. */
  readonly leaseMs: number;
  /** How long a duplicate waits for the handling of its event to end before answering 503. */
  readonly duplicateWaitMs: number;
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
  /** Seconds the sender should wait before trying again (503 only). */
  readonly retryAfterSeconds?: number;
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
 * is stored for a rejected request; each id is handled once, however many times it arrives, and
 * an id is answered 2xx only once its event is stored (and, for 202, handled).
 */
export async function ingestWebhook(request: IngestRequest, context: IngestContext): Promise<IngestReply> {
  const now = context.now();
  const verified = verifyWebhook({
    ...request.headers,
    body: request.body,
    secrets: context.secrets,
    nowSeconds: Math.floor(now.getTime() / 1000),
    ...(context.toleranceSeconds === undefined ? {} : { toleranceSeconds: context.toleranceSeconds }),
  });
  if (!verified.ok) {
    const status = verified.reason === 'missing_headers' ? 400 : 401;
    return {
      status,
      body: { error: verified.reason, message: reasonMessages[verified.reason] },
      rejected: verified.reason,
    };
  }
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(request.body.toString('utf8'));
  } catch {
    return {
      status: 400,
      body: { error: 'invalid_json', message: 'the body is not valid JSON' },
      rejected: 'invalid_json',
    };
  }
  const parsed = webhookEventSchema.safeParse(parsedJson);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return {
      status: 422,
      body: { error: 'invalid_event', message: 'the body must be { type, data, createdAt }', issues },
      rejected: 'invalid_event',
    };
  }
  const event = parsed.data;
  const unstorable = findUnstorableReason(event);
  if (unstorable !== undefined) return unstorableReply(unstorable);
  const refusedId = findRefusedIdentifier(event);
  if (refusedId !== undefined)
    return unstorableReply(
      `${refusedId.field}: ${refusedId.message}; the event could never be published as an order:update`,
      refusedId.field,
    );
  const stored = {
    eventId: verified.id,
    type: event.type,
    payload: event,
    payloadHash: createHash('sha256').update(request.body).digest('hex'),
  };
  try {
    return await claimAndHandle(stored, context);
  } catch (error) {
    if (isRefusedDocument(error)) return unstorableReply(`MongoDB refused the event: ${(error as Error).message}`);
    throw error;
  }
}

/** `field`, when the reason is one field of the event (left out of the JSON when undefined). */
function unstorableReply(reason: string, field?: string): IngestReply {
  return { status: 422, body: { error: 'unstorable_event', message: reason, field }, rejected: 'unstorable_event' };
}

/**
 * Claims the event and handles it (202), or answers for the handling that holds it: `200
 * duplicate` once that handling has ended, 503 with Retry-After while it is still running or
 * its lease (held by a process that may have died) has not run out yet.
 */
async function claimAndHandle(stored: NewWebhookEvent, context: IngestContext, retakes = 1): Promise<IngestReply> {
  const accepted: IngestReply = { status: 202, body: { status: 'accepted', id: stored.eventId } };
  const claim = await claimWebhookEvent(context.db, stored, context.now(), context.leaseMs);
  if (claim.claimed) {
    await handleClaimedEvent(stored, context);
    return accepted;
  }
  if (!claim.sameBody)
    context.logger.warn('Webhook id reused with a different body; kept the first one', {
      eventId: stored.eventId,
      type: stored.type,
    });
  const latest = claim.existing.status === 'received' ? await awaitHandling(claim.existing, context) : claim.existing;
  if (latest.status !== 'received') return { status: 200, body: { status: 'duplicate', id: stored.eventId } };
  if (retakes > 0 && isLeaseExpired(latest, context.now(), context.leaseMs))
    return claimAndHandle(stored, context, retakes - 1);
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((latest.claimedAt.getTime() + context.leaseMs - context.now().getTime()) / 1000),
  );
  return {
    status: 503,
    body: { error: 'event_in_progress', message: 'this event is still being handled; retry later', id: stored.eventId },
    retryAfterSeconds,
  };
}
