import type { LabConfig } from '../config/lab-config.js';
import type { Logger } from '../log/log-entry.js';
import { connectMongo, type MongoConnection } from '../mongo/connect-mongo.js';
import { ensureLabCollections } from '../mongo/lab-collections.js';
import { startLabMongo, type MongoMode } from '../mongo/start-lab-mongo.js';
import { readLiveEngineRecord } from './shared-mongo/engine-record.js';
import { isPortAnswering } from './shared-mongo/is-port-answering.js';
import { startSharedEngine, waitForEngineUri } from './shared-mongo/start-shared-engine.js';

/** The embedded engine's address for this configuration. */
export function embeddedMongoUrl(config: LabConfig): string {
  return `mongodb://127.0.0.1:${config.ports.mongo}/?replicaSet=rs0`;
}

export interface LabDatabase {
  readonly connection: MongoConnection;
  /** Where it is, for messages. */
  readonly url: string;
  /** The shared embedded engine this process started, which goes on running after it (undefined otherwise). */
  readonly startedEngine?: { readonly pid: number; readonly uri: string };
  /** Closes the connection, and mongod from `--mongo memory` (the shared embedded engine stays up). */
  close(): Promise<void>;
}

/**
 * The lab's MongoDB for one service process: `--mongo <url>` or `MONGO_URL` when given; a real
 * mongod for `--mongo memory`; otherwise the lab's shared embedded engine — the one recorded in
 * `RTLAB_HOME` or listening on `MONGO_PORT`, else a new one started as a process of its own, so
 * that it outlives this service (`rtlab mongo stop` stops it). Collections and indexes are
 * ensured either way.
 */
export async function openLabDatabase(config: LabConfig, logger: Logger, mode?: MongoMode): Promise<LabDatabase> {
  if (typeof mode === 'object') return finish(await connectMongo({ url: mode.url, dbName: config.mongoDb }), mode.url);
  if (mode === 'memory') {
    const memory = await startLabMongo({ mode, port: config.ports.mongo, logger });
    return finish(await connectMongo({ url: memory.url, dbName: config.mongoDb }), memory.url, () => memory.stop());
  }
  if (mode === undefined && config.mongoUrl !== undefined) return finish(await connectMongo({ url: config.mongoUrl, dbName: config.mongoDb }), config.mongoUrl);
  const running = await connectRunningEngine(config);
  if (running !== undefined) return finish(running.connection, running.url);
  const engine = await startSharedEngine(config);
  if (!engine.startedHere) return finish(await connectMongo({ url: engine.uri, dbName: config.mongoDb }), engine.uri);
  logger.info(`Started the embedded MongoDB on port ${engine.port} (none was running)`, { uri: engine.uri, pid: engine.pid });
  return { ...(await finish(await connectMongo({ url: engine.uri, dbName: config.mongoDb }), engine.uri)), startedEngine: { pid: engine.pid, uri: engine.uri } };
}

/** The engine recorded in RTLAB_HOME (whatever port it got), or one a user started on MONGO_PORT. */
async function connectRunningEngine(config: LabConfig): Promise<{ connection: MongoConnection; url: string } | undefined> {
  let recorded = readLiveEngineRecord(config.home);
  // Another service is starting it right now: wait for it rather than start a second one.
  if (recorded !== undefined && recorded.uri === undefined) recorded = await waitForEngineUri(config.home);
  if (recorded === undefined && (config.ports.mongo === 0 || !(await isPortAnswering(config.ports.mongo)))) return undefined;
  const url = recorded?.uri ?? embeddedMongoUrl(config);
  try {
    return { connection: await connectMongo({ url, dbName: config.mongoDb, serverSelectionTimeoutMs: recorded === undefined ? 700 : 5000 }), url };
  } catch (error) {
    if (recorded !== undefined) throw error;
    return undefined;
  }
}

async function finish(connection: MongoConnection, url: string, stopEngine?: () => Promise<void>): Promise<LabDatabase> {
  await ensureLabCollections(connection.db);
  return {
    connection,
    url,
    close: async () => {
      await connection.close();
      await stopEngine?.();
    },
  };
}
