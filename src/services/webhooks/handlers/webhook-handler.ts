import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import type { OrderUpdate } from '../../../lab-events.js';

/** A verified event, as handlers see it. */
export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: string;
}

export interface WebhookHandlerContext {
  readonly db: LabDb;
  readonly event: WebhookEvent;
  readonly logger: Logger;
}

/** `processed` may carry the order change to publish; `failed` says why (kept on the event). */
export type HandlerOutcome =
  | { readonly status: 'processed'; readonly update?: OrderUpdate }
  | { readonly status: 'failed'; readonly reason: string };

/**
 * Handles one event type. Each handler is a file in `events/` that
 * exports `handler`: adding a file adds a handler, nothing else to register.
 */
export interface WebhookHandler {
  readonly type: string;
  handle(context: WebhookHandlerContext): Promise<HandlerOutcome>;
}
