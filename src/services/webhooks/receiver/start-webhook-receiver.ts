import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { listenHttp } from '../../listen-http.js';
import type { OrderUpdatePublisher } from '../../order-update-publisher.js';
import { loadWebhookHandlers } from '../handlers/load-webhook-handlers.js';
import { createReceiverApp } from './create-receiver-app.js';
import { startClaimSweeper } from './start-claim-sweeper.js';

/** Options of the webhooks receiver (port 3001 in the lab). */
export interface WebhookReceiverOptions {
  readonly port: number;
  readonly host?: string;
  readonly db: LabDb;
  /** `WEBHOOK_SECRET` first, then `WEBHOOK_SECRETS_PREVIOUS` still accepted during a rotation. */
  readonly secrets: readonly string[];
  /** The outbox relay: notifications are written to `outbox`, then handed to it to send. */
  readonly publisher: OrderUpdatePublisher;
  readonly logger: Logger;
  /** The clock signatures are checked against (tests move it). */
  readonly now?: () => Date;
  /** How long a handling may run before another delivery or the sweeper takes its event over. */
  readonly leaseMs?: number;
  /** How long a duplicate of an event being handled waits for it before answering 503. */
  readonly duplicateWaitMs?: number;
  /** Between two sweeps for events whose handler died (default: half the lease). */
  readonly sweepIntervalMs?: number;
}

export interface StartedWebhookReceiver {
  /** Where to deliver: `http://127.0.0.1:<port>/webhooks`. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<StartedWebhookReceiver> {
  const handlers = await loadWebhookHandlers();
  const leaseMs = options.leaseMs ?? 10_000;
  const handling = {
    db: options.db,
    handlers,
    publisher: options.publisher,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
    running: new Map<string, Promise<unknown>>(),
  };
  const app = createReceiverApp({
    ...handling,
    secrets: options.secrets,
    leaseMs,
    duplicateWaitMs: options.duplicateWaitMs ?? 2000,
  });
  const listening = await listenHttp(app, { port: options.port, host: options.host ?? '127.0.0.1' });
  // Started once listening: a port already in use must not leave a sweeper behind.
  const sweeper = startClaimSweeper({ ...handling, leaseMs, intervalMs: options.sweepIntervalMs ?? leaseMs / 2 });
  options.logger.info(`Webhook receiver listening on port ${listening.port}`, {
    port: listening.port,
    handlers: [...handlers.keys()],
  });
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${listening.port}/webhooks`,
    port: listening.port,
    stop: () =>
      (stopping ??= (async () => {
        await listening.stop();
        await sweeper.stop();
        await Promise.allSettled(handling.running.values());
      })()),
  };
}
