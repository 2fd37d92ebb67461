import { toConfiguredPort } from '../../config/lab-config.js';
import { toServiceUrl } from '../../config/service-addresses.js';
import { startWebhookSender } from '../webhooks/sender/start-webhook-sender.js';
import { startAs } from './listen-error.js';
import { ready } from './readiness-spec.js';
import { requireDb } from './require-db.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';

const facts: ServiceFacts = {
  name: 'webhooks-sender',
  profile: 'webhooks',
  portSetting: 'SENDER_PORT',
  readiness: ready.all(ready.logLine('Webhook sender listening on port'), ready.http('/healthz')),
  // One per webhook the sender delivered.
  isRequestLine: (message) => message === 'Webhook delivered',
  after: ['webhooks-receiver'],
};

/** Plays the provider: `GET /send` signs and delivers sample events to `config.receiverUrl`. */
export const webhooksSender: ServiceDefinition = {
  ...facts,
  needsMongo: true,
  openAccessHint: (url) =>
    `/send needs the token: curl -H "Authorization: Bearer <RTLAB_API_TOKEN from .env>" ${url}/send`,
  async start(context) {
    const { config, logs, tuning = {} } = context;
    const port = toConfiguredPort(config, facts.portSetting);
    const sender = await startAs(facts, port, () =>
      startWebhookSender({
        port,
        host: config.host,
        apiToken: config.apiToken,
        db: requireDb(context, facts.name),
        receiverUrl: config.receiverUrl,
        receiverUrls: config.receiverUrls,
        secret: config.webhookSecret,
        logger: logs.forService(facts.name),
        timeScale: tuning.timeScale,
        retryScheduleMs: tuning.retryScheduleMs,
        replyWithinMs: tuning.replyWithinMs,
      }),
    );
    return {
      name: facts.name,
      url: toServiceUrl(config.host, sender.port),
      port: sender.port,
      stop: () => sender.stop(),
    };
  },
};
