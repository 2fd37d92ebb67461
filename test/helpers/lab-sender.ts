import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import {
  startWebhookSender,
  type StartedWebhookSender,
} from '../../src/services/webhooks/sender/start-webhook-sender.js';
import { testSecret, type WebhookLab } from './webhook-lab.js';

/**
 * The real sender in front of a webhook lab's receiver, logging to the lab's log folder (so
 * `lab.logMessages('webhooks-sender')` reads it). `stops` gets what stops it and closes its logs.
 */
export async function startLabSender(
  lab: WebhookLab,
  stops: Array<() => Promise<void>>,
  level: 'info' | 'debug' = 'info',
): Promise<StartedWebhookSender> {
  const logs = createLoggerFactory({ logDir: lab.logDir, level, console: false });
  const sender = await startWebhookSender({
    port: 0,
    host: '127.0.0.1',
    db: lab.connection.db,
    receiverUrl: lab.receiver.url,
    secret: testSecret,
    logger: logs.forService('webhooks-sender'),
  });
  stops.push(async () => {
    await sender.stop();
    logs.close();
  });
  return sender;
}
