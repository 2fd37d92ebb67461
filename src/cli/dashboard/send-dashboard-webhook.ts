import type { LabConfig } from '../../config/lab-config.js';
import type { Logger } from '../../log/log-entry.js';
import type { MongoConnection } from '../../mongo/connect-mongo.js';
import { buildSampleEvents } from '../../services/webhooks/sender/build-sample-events.js';
import { sendEvents } from '../../services/webhooks/sender/send-events.js';
import type { ActionOutcome } from '../../ui/dashboard/dashboard-actions.js';
import { describeSendResult, handlingTimeoutMs, isUnhandled } from '../describe-send-result.js';
import { toOrderId } from '../to-order-id.js';
import { tryConnectLab, waitForWebhookOutcomes } from '../wait-for-webhook-outcomes.js';

/** Retries as `rtlab webhooks send` makes them: someone is watching. */
const retryScheduleMs = [500, 1000, 2000];

export interface DashboardWebhookSender {
  /** One sample `order.created`, as `rtlab webhooks send` sends it: delivered, recorded, and its handling awaited. */
  send(): Promise<ActionOutcome>;
  close(): Promise<void>;
}

/** The `s` key: the webhooks CLI's path (sample event, sendEvents, then the outcome read from MongoDB). */
export function createDashboardWebhookSender(
  config: LabConfig,
  logger: Logger,
  signal: AbortSignal,
): DashboardWebhookSender {
  // Connected on the first key press and kept: a press then costs the delivery, not a connection.
  let lab: Promise<{ connection: MongoConnection } | { connection: undefined; reason: string }> | undefined;
  return {
    async send() {
      const connected = await (lab ??= tryConnectLab(config));
      const events = buildSampleEvents(1, 'order.created');
      const [sent] = await sendEvents(events, {
        db: connected.connection?.db,
        url: config.receiverUrl,
        secret: config.webhookSecret,
        logger,
        schedule: retryScheduleMs,
        signal,
      });
      const result = { id: sent!.id, type: sent!.type, orderId: toOrderId(events[0]), ...(await sent!.done) };
      const outcomes =
        connected.connection === undefined || !result.delivered
          ? undefined
          : await waitForWebhookOutcomes(connected.connection.db, [result.id], {
              timeoutMs: handlingTimeoutMs,
              signal,
            });
      const handled = { ...result, handling: outcomes?.get(result.id) };
      const text = describeSendResult(handled);
      return {
        ok: result.delivered && !isUnhandled(handled.handling),
        text: result.orderId === undefined ? text : `${text}  order ${result.orderId}`,
      };
    },
    async close() {
      const connected = await lab;
      await connected?.connection?.close();
    },
  };
}
