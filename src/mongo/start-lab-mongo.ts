import type { Logger } from '../log/log-entry.js';
import { EnvironmentError, toListenError } from '../errors.js';
import { startMongoLite } from './lite/server/start-mongo-lite.js';
import { redactMongoUrl } from './ping-mongo.js';

/** `--mongo`: rtlab's embedded engine, a real mongod in memory, or a connection string. */
export type MongoMode = 'lite' | 'memory' | { readonly url: string };

export interface StartLabMongoOptions {
  readonly mode: MongoMode;
  /** The embedded engine's port (`MONGO_PORT`); a taken port falls back to a free one, with a note. */
  readonly port: number;
  readonly host?: string;
  /** The embedded engine's data directory; undefined keeps data in memory. */
  readonly dbPath?: string;
  readonly logger: Logger;
}

export interface StartedLabMongo {
  readonly url: string;
  /** How the lab's MongoDB is described to a user. */
  readonly description: string;
  stop(): Promise<void>;
}

/** Parses `--mongo lite|memory|<mongodb url>`. */
export function parseMongoMode(text: string): MongoMode | undefined {
  if (text === 'lite' || text === 'memory') return text;
  if (/^mongodb(\+srv)?:\/\//.test(text)) return { url: text };
  return undefined;
}

/** Gives the lab a MongoDB: starts the one asked for, or points at the given URL. */
export async function startLabMongo(options: StartLabMongoOptions): Promise<StartedLabMongo> {
  const { mode, logger } = options;
  if (typeof mode === 'object') return { url: mode.url, description: redactMongoUrl(mode.url), stop: async () => undefined };
  if (mode === 'memory') return startMemoryServer(logger);
  const base = { host: options.host ?? '127.0.0.1', logger, ...(options.dbPath === undefined ? {} : { dbPath: options.dbPath }) };
  try {
    const server = await startMongoLite({ ...base, port: options.port });
    return { url: server.uri, description: `embedded engine on port ${server.port}`, stop: () => server.stop() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw toListenError(error, { port: options.port, service: 'mongo', setting: 'MONGO_PORT' });
    const server = await startMongoLite({ ...base, port: 0 });
    logger.warn(`Port ${options.port} is in use; the embedded MongoDB listens on ${server.port} instead`, { port: server.port });
    return { url: server.uri, description: `embedded engine on port ${server.port} (${options.port} was taken)`, stop: () => server.stop() };
  }
}

/** A real mongod as a one-node replica set, through mongodb-memory-server (downloads it once). */
async function startMemoryServer(logger: Logger): Promise<StartedLabMongo> {
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  logger.info('Starting a real mongod through mongodb-memory-server (the first run downloads it)');
  try {
    const replSet = await MongoMemoryReplSet.create({ replSet: { count: 1 } });
    return { url: replSet.getUri(), description: 'mongod from mongodb-memory-server', stop: async () => void (await replSet.stop()) };
  } catch (error) {
    throw new EnvironmentError(`Could not start mongod through mongodb-memory-server: ${(error as Error).message}`, {
      hint: "It downloads MongoDB once, which needs network access to MongoDB's download site. Without it, use --mongo lite, or a MongoDB you run yourself with --mongo mongodb://…",
      cause: error,
    });
  }
}
