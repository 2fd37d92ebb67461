import type { LabConfig } from '../config/lab-config.js';
import type { LoggerFactory } from '../log/create-logger-factory.js';
import type { LabDb } from '../mongo/connect-mongo.js';
import { startWebhookReceiver } from '../services/webhooks/receiver/start-webhook-receiver.js';
import { startWebhookSender } from '../services/webhooks/sender/start-webhook-sender.js';
import { sameSecret, startWsServer } from '../services/ws/server/start-ws-server.js';
import { startOrderUpdatePublisher } from '../services/ws/start-order-update-publisher.js';

/** What every service needs from the runtime that starts it. */
export interface ServiceDependencies {
  readonly config: LabConfig;
  readonly logs: LoggerFactory;
  readonly db: LabDb;
  /** Overrides from `rtlab serve` flags. */
  readonly overrides: { readonly port?: number; readonly timeScale?: number };
}

export interface StartedService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

type ServiceStarter = (deps: ServiceDependencies) => Promise<StartedService>;

/**
 * How each lab service is started, whatever runs it (this process, a child process, a
 * container): the one place that wires services to their dependencies.
 */
export const serviceStarters: Readonly<Record<string, ServiceStarter>> = {
  'webhooks-receiver': async ({ config, logs, db, overrides }) => {
    const logger = logs.forService('webhooks-receiver');
    const publisher = startOrderUpdatePublisher({ wsServerUrl: config.wsServerUrl, internalToken: config.internalToken, logger });
    const receiver = await startWebhookReceiver({ port: overrides.port ?? config.ports.receiver, db, secrets: [config.webhookSecret, ...config.previousWebhookSecrets], publisher, logger });
    return {
      name: 'webhooks-receiver',
      url: receiver.url,
      port: receiver.port,
      stop: async () => {
        await receiver.stop();
        await publisher.stop();
      },
    };
  },
  'webhooks-sender': async ({ config, logs, db, overrides }) => {
    const sender = await startWebhookSender({
      port: overrides.port ?? config.ports.sender,
      db,
      receiverUrl: config.receiverUrl,
      secret: config.webhookSecret,
      logger: logs.forService('webhooks-sender'),
      ...(overrides.timeScale === undefined ? {} : { timeScale: overrides.timeScale }),
    });
    return { name: 'webhooks-sender', url: sender.url, port: sender.port, stop: () => sender.stop() };
  },
  'ws-server': async ({ config, logs, db, overrides }) => {
    const server = await startWsServer({
      port: overrides.port ?? config.ports.ws,
      db,
      logger: logs.forService('ws-server'),
      acceptToken: (token) => sameSecret(token, config.wsToken),
      internalToken: config.internalToken,
    });
    return { name: 'ws-server', url: server.url, port: server.port, stop: () => server.stop() };
  },
};
