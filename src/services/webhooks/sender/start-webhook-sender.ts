import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { listenHttp } from '../../listen-http.js';
import { createSenderApp } from './create-sender-app.js';
import { ReceiverRotation } from './receiver-rotation.js';
import { startDeliverySweeper } from './start-delivery-sweeper.js';

/** Options of the webhooks sender (port 3002 in the lab), which plays the provider's part. */
export interface WebhookSenderOptions {
  readonly port: number;
  /** Default 127.0.0.1; any other address opens it to the network, where /send needs `apiToken`. */
  readonly host?: string;
  /** `RTLAB_API_TOKEN`: required from callers of /send when the sender is not on loopback. */
  readonly apiToken?: string | undefined;
  readonly db: LabDb;
  /** Where events are delivered (`RECEIVER_URL`). */
  readonly receiverUrl: string;
  /** Receiver replicas delivered to in turn (`RECEIVER_URLS`); default: `receiverUrl` alone. */
  readonly receiverUrls?: readonly string[];
  readonly secret: string;
  readonly logger: Logger;
  readonly retryScheduleMs?: readonly number[];
  readonly timeScale?: number;
  readonly attemptTimeoutMs?: number;
  readonly replyWithinMs?: number;
  /** Between two sweeps for deliveries a dead sender left pending (default 30 s). */
  readonly sweepIntervalMs?: number;
}

export interface StartedWebhookSender {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startWebhookSender(options: WebhookSenderOptions): Promise<StartedWebhookSender> {
  const stopping = new AbortController();
  const host = options.host ?? '127.0.0.1';
  const app = createSenderApp({
    host,
    apiToken: options.apiToken,
    url: options.receiverUrl,
    ...(options.receiverUrls === undefined || options.receiverUrls.length < 2
      ? {}
      : { rotation: new ReceiverRotation(options.receiverUrls) }),
    secret: options.secret,
    db: options.db,
    logger: options.logger,
    replyWithinMs: options.replyWithinMs ?? 10_000,
    signal: stopping.signal,
    ...(options.retryScheduleMs === undefined ? {} : { schedule: options.retryScheduleMs }),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
  });
  const listening = await listenHttp(app, { port: options.port, host });
  options.logger.info(`Webhook sender listening on port ${listening.port}`, {
    port: listening.port,
    receiverUrls: options.receiverUrls ?? [options.receiverUrl],
  });
  const sweeper = startDeliverySweeper({
    db: options.db,
    logger: options.logger,
    intervalMs: options.sweepIntervalMs ?? 30_000,
  });
  return {
    url: `http://127.0.0.1:${listening.port}`,
    port: listening.port,
    stop: async () => {
      // Pending retries end with the service: each delivery is recorded dead ("stopped before the
      // next attempt"), ready for a replay; what cannot be written now, the next sender's sweeper ends.
      stopping.abort();
      await sweeper.stop();
      await listening.stop();
    },
  };
}
