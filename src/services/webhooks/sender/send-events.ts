import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import type { DeliveryAttempt } from '../../../mongo/lab-documents.js';
import { createDelivery, finishDelivery, recordDeliveryAttempt } from '../../../mongo/webhook-delivery-store.js';
import { newWebhookId } from '../signing/sign-webhook.js';
import type { OutgoingEvent } from './build-sample-events.js';
import { createDeliveryRecord } from './delivery-record.js';
import {
  defaultAttemptTimeoutMs,
  deliverWebhook,
  type DeliverWebhookOptions,
  type DeliveryResult,
} from './deliver-webhook.js';

export interface SendEventsOptions extends Omit<DeliverWebhookOptions, 'onAttempt'> {
  /** Records every delivery and attempt in `webhook_deliveries`; the CLI may send without it. */
  readonly db?: LabDb;
  readonly logger: Logger;
  /** Sees every attempt as it ends (the CLI tells a person at once when nothing listens). */
  readonly observeAttempt?: (
    eventId: string,
    attempt: DeliveryAttempt,
    next: { retryInMs?: number; final: boolean },
  ) => void;
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
export async function redeliver(
  message: { id: string; body: string; type: string },
  options: SendEventsOptions,
): Promise<DeliveryResult> {
  const { done } = await startDelivery(message, options);
  return done;
}

/**
 * Slack on a pending delivery's `settleBy`: clocks of the sender and of a reader differ a little,
 * and a write may take a moment. Past it, a reader takes the sender for gone.
 */
const settleSlackMs = 5000;

/** Records the delivery (when there is a database), then starts it; resolves once its record was tried. */
async function startDelivery(
  message: { id: string; body: string; type: string },
  options: SendEventsOptions,
): Promise<{ done: Promise<DeliveryResult> }> {
  const deliveryId = `dlv_${randomBytes(12).toString('base64url')}`;
  const db = options.db;
  const record = createDeliveryRecord({ logger: options.logger, eventId: message.id, signal: options.signal });
  const createdAt = new Date();
  // Deadlines are taken when a write is made: one retried after an outage must not land already overdue.
  if (db !== undefined)
    await record(() =>
      createDelivery(
        db,
        { deliveryId, eventId: message.id, type: message.type, url: options.url, body: message.body },
        createdAt,
        settleBy(new Date(), 0, options),
      ),
    );
  return { done: deliverOne(message, options, db === undefined ? undefined : { db, deliveryId, record }) };
}

/** When the sender will have written this delivery again at the latest: after the wait, one attempt's timeout. */
function settleBy(now: Date, retryInMs: number, options: SendEventsOptions): Date {
  return new Date(now.getTime() + retryInMs + (options.attemptTimeoutMs ?? defaultAttemptTimeoutMs) + settleSlackMs);
}

async function deliverOne(
  message: { id: string; body: string; type: string },
  options: SendEventsOptions,
  recorded: { db: LabDb; deliveryId: string; record: ReturnType<typeof createDeliveryRecord> } | undefined,
): Promise<DeliveryResult> {
  const { logger } = options;
  let recordedUpTo = 0;
  const result = await deliverWebhook(message, {
    ...options,
    onAttempt: async (attempt, next) => {
      options.observeAttempt?.(message.id, attempt, next);
      // A final attempt is written with the outcome, below.
      if (recorded !== undefined && !next.final) {
        recordedUpTo = attempt.attempt;
        const due = Date.now() + (next.retryInMs ?? 0);
        await recorded.record(() =>
          recordDeliveryAttempt(
            recorded.db,
            recorded.deliveryId,
            attempt,
            settleBy(new Date(Math.max(due, Date.now())), 0, options),
          ),
        );
      }
      const meta = {
        eventId: message.id,
        type: message.type,
        attempt: attempt.attempt,
        statusCode: attempt.statusCode,
        latencyMs: attempt.latencyMs,
        error: attempt.error,
      };
      if (attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300)
        logger.info('Webhook delivered', meta);
      else if (next.retryInMs !== undefined)
        logger.warn('Webhook delivery failed; retrying', { ...meta, retryInMs: next.retryInMs });
    },
  });
  if (!result.delivered)
    logger.warn('Webhook delivery dead-lettered', {
      eventId: message.id,
      type: message.type,
      reason: result.reason,
      attempts: result.attempts.length,
    });
  if (recorded !== undefined) {
    // A delivery stopped before its next attempt has no final one: its last was recorded already.
    const last = result.attempts.at(-1);
    const unrecorded = last !== undefined && last.attempt > recordedUpTo ? last : undefined;
    await recorded.record(() =>
      finishDelivery(
        recorded.db,
        recorded.deliveryId,
        unrecorded,
        result.delivered ? { status: 'delivered' } : { status: 'dead', reason: result.reason ?? 'not delivered' },
        new Date(),
      ),
    );
  }
  return result;
}
