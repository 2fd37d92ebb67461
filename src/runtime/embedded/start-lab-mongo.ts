import type { LabConfig } from '../../config/lab-config.js';
import type { Logger } from '../../log/log-entry.js';
import { connectLabDatabase } from '../../mongo/connect-lab-database.js';
import type { LabDb } from '../../mongo/connect-mongo.js';
import { labMongo } from '../../services/registry/mongo.js';
import { provideLabMongo } from '../lab-mongo/provide-lab-mongo.js';
import { toReadinessCheck } from '../readiness/to-readiness-check.js';
import { waitUntilReady } from '../readiness/wait-until-ready.js';
import { readLiveEngineRecord } from '../shared-mongo/engine-record.js';
import { stopSharedEngine } from '../shared-mongo/stop-shared-engine.js';

/** The lab's MongoDB as one lab process uses it: one connection that every service shares. */
export interface LabMongo {
  readonly url: string;
  /** How it is shown (credentials removed). */
  readonly description: string;
  /** The shared embedded engine this lab started (and stops with itself); undefined when it used one already running. */
  readonly startedEnginePid: number | undefined;
  readonly db: LabDb;
  /** Closes the connection, then stops what this lab started (the engine, a mongod from `--mongo memory`). */
  stop(): Promise<void>;
}

export interface StartLabMongoOptions {
  readonly config: LabConfig;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly readyTimeoutMs?: number;
}

/**
 * MongoDB as the configuration's plan says (the shared embedded engine, `--mongo memory`, a URL),
 * waited for through the registry's readiness (a ping), then connected with the lab's
 * collections ensured. An engine the lab finds already running is used and left running; one
 * it starts is the lab's, and stops with it.
 */
export async function startLabMongo(options: StartLabMongoOptions): Promise<LabMongo> {
  const { config, signal } = options;
  const provided = await provideLabMongo(config.mongo, {
    home: config.home,
    cwd: config.cwd,
    logger: options.logger,
    signal,
  });
  const startedEnginePid = provided.startedEngine?.pid;
  const stopProvided = async () => {
    await provided.stop();
    // Only if the record is still the engine this lab started: another may have replaced it since.
    if (startedEnginePid !== undefined && readLiveEngineRecord(config.home)?.pid === startedEnginePid)
      await stopSharedEngine(config.home);
  };
  try {
    signal.throwIfAborted();
    await waitUntilReady(
      toReadinessCheck(labMongo.readiness),
      { service: labMongo.name, url: provided.url },
      { timeoutMs: options.readyTimeoutMs ?? 60_000, signal }, // as start-shared-engine: a big data directory loads slowly
    );
    const connection = await connectLabDatabase({ url: provided.url, dbName: config.mongoDb });
    return {
      url: provided.url,
      description: provided.description,
      startedEnginePid,
      db: connection.db,
      stop: async () => {
        await connection.close();
        await stopProvided();
      },
    };
  } catch (error) {
    await stopProvided();
    throw error;
  }
}
