import type { LabConfig } from '../config/lab-config.js';
import type { LoggerFactory } from '../log/create-logger-factory.js';
import { labMongo } from '../services/registry/mongo.js';
import type { ServiceDefinition, ServiceTuning, StartedService } from '../services/registry/service-definition.js';
import { openLabDatabase, type LabDatabase } from './lab-mongo/open-lab-database.js';
import { feedLogs } from './readiness/feed-logs.js';
import { toReadinessCheck } from './readiness/to-readiness-check.js';
import { waitUntilReady } from './readiness/wait-until-ready.js';

export interface StartLabServiceOptions {
  readonly config: LabConfig;
  readonly logs: LoggerFactory;
  readonly tuning?: ServiceTuning;
  readonly readyTimeoutMs?: number;
}

export interface RunningLabService {
  readonly service: StartedService;
  /** The MongoDB it uses, when it needs one. */
  readonly database: LabDatabase | undefined;
  /** Stops the service, then closes its database connection. Idempotent. */
  stop(): Promise<void>;
}

/**
 * One service in this process, the way every runtime starts it: its MongoDB from the
 * configuration's plan when it needs one, then the service, then its readiness from the
 * registry. A service that does not become ready is stopped and reported (exit 3).
 */
export async function startLabService(
  definition: ServiceDefinition,
  options: StartLabServiceOptions,
): Promise<RunningLabService> {
  const database = definition.needsMongo
    ? await openLabDatabase(options.config, options.logs.forService(labMongo.name))
    : undefined;
  let service: StartedService | undefined;
  try {
    const { logs, feed } = feedLogs(options.logs, definition.name);
    service = await definition.start({
      config: options.config,
      logs,
      db: database?.connection.db,
      tuning: options.tuning,
    });
    await waitUntilReady(
      toReadinessCheck(definition.readiness),
      { service: definition.name, url: service.url, port: service.port, logs: feed },
      { timeoutMs: options.readyTimeoutMs ?? 15_000 },
    );
  } catch (error) {
    await service?.stop();
    await database?.close();
    throw error;
  }
  const started = service;
  let stopping: Promise<void> | undefined;
  return {
    service: started,
    database,
    stop: () =>
      (stopping ??= (async () => {
        await started.stop();
        await database?.close();
      })()),
  };
}
