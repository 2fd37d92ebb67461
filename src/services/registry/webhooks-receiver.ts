import { startWebhookReceiver } from '../webhooks/receiver/start-webhook-receiver.js';
import { ready } from './readiness-spec.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';
import { startWithOutboxRelay } from './start-with-outbox-relay.js';

const facts: ServiceFacts = {
  name: 'webhooks-receiver',
  profile: 'webhooks',
  portSetting: 'RECEIVER_PORT',
  readiness: ready.all(ready.logLine('Webhook receiver listening on port'), ready.http('/healthz')),
  // One per webhook the receiver accepted and handled (or had no handler for).
  isRequestLine: (message) => /^Handling .+ event$/.test(message) || message.startsWith('No handler for '),
  after: ['ws-server'],
};

/** Takes signed deliveries at `…/webhooks` (`config.receiverUrl`), with the relay that carries its notifications to the ws-server. */
export const webhooksReceiver: ServiceDefinition = {
  ...facts,
  needsMongo: true,
  start: (context) =>
    startWithOutboxRelay(facts, context, ({ db, port, logger, publisher }) =>
      startWebhookReceiver({
        port,
        host: context.config.host,
        db,
        secrets: [context.config.webhookSecret, ...context.config.previousWebhookSecrets],
        publisher,
        logger,
      }),
    ),
};
