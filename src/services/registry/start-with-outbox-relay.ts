import { toConfiguredPort } from '../../config/lab-config.js';
import { toServiceUrl } from '../../config/service-addresses.js';
import type { Logger } from '../../log/log-entry.js';
import type { LabDb } from '../../mongo/connect-mongo.js';
import type { OrderUpdatePublisher } from '../order-update-publisher.js';
import { startOutboxRelay } from '../ws/start-outbox-relay.js';
import { startAs } from './listen-error.js';
import { requireDb } from './require-db.js';
import type { ServiceContext, ServiceFacts, StartedService } from './service-definition.js';

/** What a service that changes orders gets: its database, port, logger and the relay to hand changes to. */
export interface OrderChangingServiceParts {
  readonly db: LabDb;
  readonly port: number;
  readonly logger: Logger;
  readonly publisher: OrderUpdatePublisher;
}

/**
 * Starts a service that changes orders (the webhooks receiver, the gRPC server) with the outbox
 * relay that carries its notifications to the ws-server: a listen failure is told with the
 * registry's facts and leaves no relay behind, and `stop` stops the service, then the relay.
 */
export async function startWithOutboxRelay(
  facts: ServiceFacts,
  context: ServiceContext,
  start: (parts: OrderChangingServiceParts) => Promise<{ readonly port: number; stop(): Promise<void> }>,
): Promise<StartedService> {
  const { config, logs } = context;
  const logger = logs.forService(facts.name);
  const db = requireDb(context, facts.name);
  const port = toConfiguredPort(config, facts.portSetting);
  const publisher = startOutboxRelay({
    db,
    wsServerUrl: config.wsServerUrl,
    internalToken: config.internalToken,
    logger,
  });
  const service = await startAs(facts, port, () => start({ db, port, logger, publisher })).catch(
    async (error: unknown) => {
      await publisher.stop();
      throw error;
    },
  );
  return {
    name: facts.name,
    url: toServiceUrl(config.host, service.port),
    port: service.port,
    stop: async () => {
      await service.stop();
      await publisher.stop();
    },
  };
}
