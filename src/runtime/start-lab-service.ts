import type { LabConfig } from '../config/lab-config.js';
import type { LoggerFactory } from '../log/create-logger-factory.js';
import { labMongo } from '../services/registry/mongo.js';
import type { ServiceDefinition, ServiceTuning, StartedService } from '../services/registry/service-definition.js';
import { openLabDatabase, type LabDatabase } from './lab-mongo/open-lab-database.js';
import { startReadyService } from './start-ready-service.js';

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
  let started: StartedService;
  try {
    started = (await startReadyService(definition, { ...options, db: database?.connection.db })).service;
  } catch (error) {
    await database?.close();
    throw error;
  }
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
