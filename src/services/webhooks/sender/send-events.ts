import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import type { DeliveryAttempt } from '../../../mongo/lab-documents.js';
import { createDelivery, finishDelivery, recordDeliveryAttempt } from '../../../mongo/webhook-delivery-store.js';
import { newWebhookId } from '../signing/sign-webhook.js';
import type { OutgoingEvent } from './build-sample-events.js';
import { deliverWebhook, type DeliverWebhookOptions, type DeliveryResult } from './deliver-webhook.js';

export interface SendEventsOptions extends Omit<DeliverWebhookOptions, 'onAttempt'> {
  /** Records every delivery and attempt in `webhook_deliveries`; the CLI may send without it. */
  readonly db?: LabDb;
  readonly logger: Logger;
  /** Sees every attempt as it ends (the CLI tells a person at once when nothing listens). */
  readonly observeAttempt?: (eventId: string, attempt: DeliveryAttempt, next: { retryInMs?: number; final: boolean }) => void;
}

export interface SentEvent {
  readonly id: string;
  readonly type: string;
  /** Settles when the delivery succeeds or becomes a dead letter. */
  readonly done: Promise<DeliveryResult>;
}

/** Signs and delivers each event (concurrently), recording and logging every attempt. */
export async function sendEvents(events: readonly OutgoingEvent[], options: SendEventsOptions): Promise<SentEvent[]> {
  const sent: SentEvent[] = [];
  for (const event of events) {
    const message = { id: newWebhookId(), body: JSON.stringify(event), type: event.type };
    const { done } = await startDelivery(message, options);
    sent.push({ id: message.id, type: message.type, done });
  }
  return sent;
}

/** Delivers a recorded delivery again (a replay): same id and body, fresh attempts, recorded as a new delivery. */
export async function redeliver(message: { id: string; body: string; type: string }, options: SendEventsOptions): Promise<DeliveryResult> {
  const { done } = await startDelivery(message, options);
  return done;
}

/** Records the delivery (when there is a database), then starts it; resolves once it is recorded. */
async function startDelivery(message: { id: string; body: string; type: string }, options: SendEventsOptions): Promise<{ done: Promise<DeliveryResult> }> {
  const deliveryId = `dlv_${randomBytes(12).toString('base64url')}`;
  const db = options.db;
  if (db !== undefined) await recordSafely(options, message.id, () => createDelivery(db, { deliveryId, eventId: message.id, type: message.type, url: options.url, body: message.body }, new Date()));
  return { done: deliverOne(message, options, deliveryId) };
}

async function deliverOne(message: { id: string; body: string; type: string }, options: SendEventsOptions, deliveryId: string): Promise<DeliveryResult> {
  const { db, logger } = options;
  const result = await deliverWebhook(message, {
    ...options,
    onAttempt: async (attempt, next) => {
      options.observeAttempt?.(message.id, attempt, next);
      if (db !== undefined) await recordSafely(options, message.id, () => recordDeliveryAttempt(db, deliveryId, attempt));
      const meta = { eventId: message.id, type: message.type, attempt: attempt.attempt, statusCode: attempt.statusCode, latencyMs: attempt.latencyMs, error: attempt.error };
      if (attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300) logger.info('Webhook delivered', meta);
      else if (next.retryInMs !== undefined) logger.warn('Webhook delivery failed; retrying', { ...meta, retryInMs: next.retryInMs });
    },
  });
  if (!result.delivered) logger.warn('Webhook delivery dead-lettered', { eventId: message.id, type: message.type, reason: result.reason, attempts: result.attempts.length });
  if (db !== undefined) await recordSafely(options, message.id, () => finishDelivery(db, deliveryId, result.delivered ? { status: 'delivered' } : { status: 'dead', reason: result.reason ?? 'not delivered' }, new Date()));
  return result;
}

/**
 * Recording is for looking back; delivering is the job. When MongoDB cannot take the record, the
 * delivery goes on and the gap is logged.
 */
async function recordSafely(options: SendEventsOptions, eventId: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    options.logger.warn('Could not record a webhook delivery in MongoDB; delivering anyway', { eventId, error: (error as Error).message });
  }
}
