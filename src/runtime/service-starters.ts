import path from 'node:path';
import type { LabConfig } from '../config/lab-config.js';
import type { LoggerFactory } from '../log/create-logger-factory.js';
import type { LabDb } from '../mongo/connect-mongo.js';
import { packageRoot } from '../package-root.js';
import { startWebhookReceiver } from '../services/webhooks/receiver/start-webhook-receiver.js';
import { startWebhookSender } from '../services/webhooks/sender/start-webhook-sender.js';
import { startDashboardServer } from '../services/ws/dashboard/start-dashboard-server.js';
import { sameSecret, startWsServer } from '../services/ws/server/start-ws-server.js';
import { startOutboxRelay } from '../services/ws/start-outbox-relay.js';

/** What every service needs from the runtime that starts it. */
export interface ServiceDependencies {
  readonly config: LabConfig;
  readonly logs: LoggerFactory;
  /** Undefined for services that need no database (the dashboard). */
  readonly db: LabDb | undefined;
  /** Overrides from `rtlab serve` flags. */
  readonly overrides: { readonly port?: number; readonly timeScale?: number; readonly retryScheduleMs?: readonly number[] };
}

export interface StartedService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

type ServiceStarter = (deps: ServiceDependencies) => Promise<StartedService>;

/** Services that serve files only and need no MongoDB. */
export const servicesWithoutDatabase: ReadonlySet<string> = new Set(['ws-client']);

function requireDb(db: LabDb | undefined, service: string): LabDb {
  if (db === undefined) throw new Error(`${service} needs a database`);
  return db;
}

/**
 * How each lab service is started, whatever runs it (this process, a child process, a
 * container): the one place that wires services to their dependencies.
 */
export const serviceStarters: Readonly<Record<string, ServiceStarter>> = {
  'webhooks-receiver': async ({ config, logs, db, overrides }) => {
    const logger = logs.forService('webhooks-receiver');
    const labDb = requireDb(db, 'webhooks-receiver');
    const publisher = startOutboxRelay({ db: labDb, wsServerUrl: config.wsServerUrl, internalToken: config.internalToken, logger });
    const receiver = await startWebhookReceiver({ port: overrides.port ?? config.ports.receiver, host: config.host, db: labDb, secrets: [config.webhookSecret, ...config.previousWebhookSecrets], publisher, logger }).catch(async (error: unknown) => {
      await publisher.stop();
      throw error;
    });
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
      host: config.host,
      apiToken: config.apiToken,
      db: requireDb(db, 'webhooks-sender'),
      receiverUrl: config.receiverUrl,
      secret: config.webhookSecret,
      logger: logs.forService('webhooks-sender'),
      ...(overrides.timeScale === undefined ? {} : { timeScale: overrides.timeScale }),
      ...(overrides.retryScheduleMs === undefined ? {} : { retryScheduleMs: overrides.retryScheduleMs }),
    });
    return { name: 'webhooks-sender', url: sender.url, port: sender.port, stop: () => sender.stop() };
  },
  'ws-server': async ({ config, logs, db, overrides }) => {
    const server = await startWsServer({
      port: overrides.port ?? config.ports.ws,
      host: config.host,
      db: requireDb(db, 'ws-server'),
      logger: logs.forService('ws-server'),
      acceptToken: (token) => sameSecret(token, config.wsToken),
      internalToken: config.internalToken,
    });
    return { name: 'ws-server', url: server.url, port: server.port, stop: () => server.stop() };
  },
  'ws-client': async ({ config, logs, overrides }) => {
    const dashboard = await startDashboardServer({
      port: overrides.port ?? config.ports.web,
      host: config.host,
      apiToken: config.apiToken,
      webRoot: path.join(packageRoot, 'dist', 'web'),
      wsServerUrl: config.wsServerUrl,
      token: config.wsToken,
      logger: logs.forService('ws-client'),
    });
    return { name: 'ws-client', url: dashboard.url, port: dashboard.port, stop: () => dashboard.stop() };
  },
};
