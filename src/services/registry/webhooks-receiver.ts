import { toConfiguredPort } from '../../config/lab-config.js';
import { toServiceUrl } from '../../config/service-addresses.js';
import { startWebhookReceiver } from '../webhooks/receiver/start-webhook-receiver.js';
import { startOutboxRelay } from '../ws/start-outbox-relay.js';
import { startAs } from './listen-error.js';
import { ready } from './readiness-spec.js';
import { requireDb } from './require-db.js';
import type { ServiceDefinition, ServiceFacts } from './service-definition.js';

const facts: ServiceFacts = {
  name: 'webhooks-receiver',
  profile: 'webhooks',
  portSetting: 'RECEIVER_PORT',
  readiness: ready.all(ready.logLine('Webhook receiver listening on port'), ready.http('/healthz')),
};

/** Takes signed deliveries at `…/webhooks` (`config.receiverUrl`), with the relay that carries its notifications to the ws-server. */
export const webhooksReceiver: ServiceDefinition = {
  ...facts,
  needsMongo: true,
  async start(context) {
    const { config, logs } = context;
    const logger = logs.forService(facts.name);
    const labDb = requireDb(context, facts.name);
    const port = toConfiguredPort(config, facts.portSetting);
    const publisher = startOutboxRelay({
      db: labDb,
      wsServerUrl: config.wsServerUrl,
      internalToken: config.internalToken,
      logger,
    });
    const receiver = await startAs(facts, port, () =>
      startWebhookReceiver({
        port,
        host: config.host,
        db: labDb,
        secrets: [config.webhookSecret, ...config.previousWebhookSecrets],
        publisher,
        logger,
      }),
    ).catch(async (error: unknown) => {
      await publisher.stop();
      throw error;
    });
    return {
      name: facts.name,
      url: toServiceUrl(config.host, receiver.port),
      port: receiver.port,
      stop: async () => {
        await receiver.stop();
        await publisher.stop();
      },
    };
  },
};
