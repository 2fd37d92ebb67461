import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { listenHttp } from '../../listen-http.js';
import type { OrderUpdatePublisher } from '../../order-update-publisher.js';
import { loadWebhookHandlers } from '../handlers/load-webhook-handlers.js';
import { createReceiverApp } from './create-receiver-app.js';

/** Options of the webhooks receiver (port 3001 in the lab). */
export interface WebhookReceiverOptions {
  readonly port: number;
  readonly host?: string;
  readonly db: LabDb;
  /** `WEBHOOK_SECRET` first, then `WEBHOOK_SECRETS_PREVIOUS` still accepted during a rotation. */
  readonly secrets: readonly string[];
  readonly publisher: OrderUpdatePublisher;
  readonly logger: Logger;
  /** The clock signatures are checked against (tests move it). */
  readonly now?: () => Date;
  readonly leaseMs?: number;
}

export interface StartedWebhookReceiver {
  /** Where to deliver: `http://127.0.0.1:<port>/webhooks`. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<StartedWebhookReceiver> {
  const handlers = await loadWebhookHandlers();
  const app = createReceiverApp({
    db: options.db,
    secrets: options.secrets,
    handlers,
    publisher: options.publisher,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
    leaseMs: options.leaseMs ?? 10_000,
  });
  const listening = await listenHttp(app, { port: options.port, ...(options.host === undefined ? {} : { host: options.host }), service: 'webhooks-receiver', setting: 'RECEIVER_PORT' });
  options.logger.info(`Webhook receiver listening on port ${listening.port}`, { port: listening.port, handlers: [...handlers.keys()] });
  return { url: `http://127.0.0.1:${listening.port}/webhooks`, port: listening.port, stop: () => listening.stop() };
}
