import path from 'node:path';
import type { LabConfig } from '../config/lab-config.js';
import type { Logger } from '../log/log-entry.js';
import { connectMongo, type MongoConnection } from '../mongo/connect-mongo.js';
import { ensureLabCollections } from '../mongo/lab-collections.js';
import { startMongoLite } from '../mongo/lite/server/start-mongo-lite.js';
import { startLabMongo, type MongoMode } from '../mongo/start-lab-mongo.js';

/** The embedded engine's address for this configuration. */
export function embeddedMongoUrl(config: LabConfig): string {
  return `mongodb://127.0.0.1:${config.ports.mongo}/?replicaSet=rs0`;
}

export interface LabDatabase {
  readonly connection: MongoConnection;
  /** Where it is, for messages. */
  readonly url: string;
  /** Closes the connection, and the embedded engine if this process started it. */
  close(): Promise<void>;
}

/**
 * The lab's MongoDB for one service process: `--mongo <url>` or `MONGO_URL` when given; a real
 * mongod for `--mongo memory`; otherwise the embedded engine on `MONGO_PORT` if one is running,
 * or a new one started in this process (so the first service started hosts it for the others).
 * Collections and indexes are ensured either way.
 */
export async function openLabDatabase(config: LabConfig, logger: Logger, mode?: MongoMode): Promise<LabDatabase> {
  if (typeof mode === 'object') return finish(await connectMongo({ url: mode.url, dbName: config.mongoDb }), mode.url);
  if (mode === 'memory') {
    const memory = await startLabMongo({ mode, port: config.ports.mongo, logger });
    return finish(await connectMongo({ url: memory.url, dbName: config.mongoDb }), memory.url, () => memory.stop());
  }
  if (mode === undefined && config.mongoUrl !== undefined) return finish(await connectMongo({ url: config.mongoUrl, dbName: config.mongoDb }), config.mongoUrl);
  const url = embeddedMongoUrl(config);
  try {
    return finish(await connectMongo({ url, dbName: config.mongoDb, serverSelectionTimeoutMs: 700 }), url);
  } catch {
    // Nothing there yet: host it here.
  }
  let engine;
  try {
    engine = await startMongoLite({ port: config.ports.mongo, dbPath: path.join(config.home, 'data'), logger });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    // Services started together race for the port: another one won and hosts the engine.
    return finish(await connectMongo({ url, dbName: config.mongoDb, serverSelectionTimeoutMs: 5000 }), url);
  }
  logger.info(`Started the embedded MongoDB on port ${engine.port} (none was running)`, { uri: engine.uri });
  return finish(await connectMongo({ url: engine.uri, dbName: config.mongoDb }), engine.uri, () => engine.stop());
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
