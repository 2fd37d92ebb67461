import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';
import type { WebhookEventDocument } from '../../../mongo/lab-documents.js';
import { markWebhookEvent } from '../../../mongo/webhook-event-store.js';
import { isTransientWriteError } from '../../../mongo/write-batcher.js';
import type { OrderUpdatePublisher } from '../../order-update-publisher.js';
import type { WebhookHandler } from '../handlers/webhook-handler.js';

/** What running a handler needs, for a delivery and for the sweeper alike. */
export interface HandlingContext {
  readonly db: LabDb;
  readonly handlers: ReadonlyMap<string, WebhookHandler>;
  /** Sends a change already written to the outbox (the relay). */
  readonly publisher: OrderUpdatePublisher;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Handlings running in this process, by event id: a duplicate delivery waits on its entry. */
  readonly running: Map<string, Promise<unknown>>;
}

export type HandlingOutcome = 'processed' | 'failed';

/**
 * Runs the handler of an event this process has claimed, then marks the event processed with its
 * notification as its outbox entry, in one write: each step is idempotent and keyed by the event
 * id (the order change is recognised by its history entry, the mark applies only to a `received`
 * event), so a handling cut short by a crash is completed by the next one without applying
 * anything twice, and an event `processed` never lacks its `order:update`.
 */
export function handleClaimedEvent(
  event: Pick<WebhookEventDocument, 'eventId' | 'type' | 'payload'>,
  context: HandlingContext,
): Promise<HandlingOutcome> {
  const running = runHandler(event, context).finally(() => {
    if (context.running.get(event.eventId) === running) context.running.delete(event.eventId);
  });
  context.running.set(event.eventId, running);
  return running;
}

async function runHandler(
  event: Pick<WebhookEventDocument, 'eventId' | 'type' | 'payload'>,
  context: HandlingContext,
): Promise<HandlingOutcome> {
  const { eventId, type } = event;
  const handler = context.handlers.get(type);
  if (handler === undefined) {
    context.logger.info(`No handler for ${type}`, { eventId, type });
    await markWebhookEvent(context.db, eventId, { status: 'processed' }, context.now());
    return 'processed';
  }
  context.logger.info(`Handling ${type} event`, { eventId, type, status: 202 });
  try {
    const outcome = await handler.handle({
      db: context.db,
      event: { id: eventId, type, data: event.payload.data, createdAt: event.payload.createdAt },
      logger: context.logger,
    });
    if (outcome.status === 'failed') {
      context.logger.warn('Webhook handling failed', { eventId, type, reason: outcome.reason });
      await markWebhookEvent(context.db, eventId, { status: 'failed', error: outcome.reason }, context.now());
      return 'failed';
    }
    await markWebhookEvent(context.db, eventId, { status: 'processed', update: outcome.update }, context.now());
    if (outcome.update !== undefined) {
      context.logger.info('Emitting WebSocket notification', {
        eventId,
        orderId: outcome.update.orderId,
        status: outcome.update.status,
      });
      context.publisher.publish(outcome.update, 'webhook_events');
    }
    return 'processed';
  } catch (error) {
    // MongoDB away: the event stays claimed and is finished later. A handler that throws
    // otherwise has a bug: the event is failed with the error, not retried forever.
    if (!isMongoUnavailable(error) && !isTransientWriteError(error)) {
      await markWebhookEvent(
        context.db,
        eventId,
        { status: 'failed', error: `the handler threw: ${(error as Error).message}` },
        context.now(),
      ).catch(() => undefined);
    }
    throw error;
  }
}
