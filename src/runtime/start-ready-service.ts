import type { LabConfig } from '../config/lab-config.js';
import type { LoggerFactory } from '../log/create-logger-factory.js';
import type { LabDb } from '../mongo/connect-mongo.js';
import type { ServiceDefinition, ServiceTuning, StartedService } from '../services/registry/service-definition.js';
import { feedLogs } from './readiness/feed-logs.js';
import type { LogFeed } from './readiness/log-feed.js';
import { toReadinessCheck } from './readiness/to-readiness-check.js';
import { waitUntilReady } from './readiness/wait-until-ready.js';

export interface StartReadyServiceOptions {
  readonly config: LabConfig;
  readonly logs: LoggerFactory;
  /** The lab's database, for a service that needs MongoDB. */
  readonly db: LabDb | undefined;
  readonly tuning?: ServiceTuning;
  readonly readyTimeoutMs?: number;
  /** Ends the wait for readiness early (Ctrl-C): the service is stopped again. */
  readonly signal?: AbortSignal;
}

/** A started service and the log lines it has written, which a failure report quotes. */
export interface ReadyService {
  readonly service: StartedService;
  readonly feed: LogFeed;
}

/**
 * One service in this process, started and then waited for through its registry readiness (its
 * log line, its HTTP, gRPC or Socket.IO check). One that is not ready in time, or whose wait is
 * aborted, is stopped again before the error is passed on: nothing half-started stays behind.
 */
export async function startReadyService(
  definition: ServiceDefinition,
  options: StartReadyServiceOptions,
): Promise<ReadyService> {
  const { logs, feed } = feedLogs(options.logs, definition.name);
  const service = await definition.start({ config: options.config, logs, db: options.db, tuning: options.tuning });
  try {
    await waitUntilReady(
      toReadinessCheck(definition.readiness),
      { service: definition.name, url: service.url, port: service.port, logs: feed },
      { timeoutMs: options.readyTimeoutMs ?? 15_000, signal: options.signal },
    );
  } catch (error) {
    await service.stop();
    throw error;
  }
  return { service, feed };
}
