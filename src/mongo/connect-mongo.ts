import { MongoClient, type Db } from 'mongodb';
import { EnvironmentError } from '../errors.js';
import { redactMongoUrl } from './ping-mongo.js';

/** The lab's database handle, as services receive it (they use the stores in this folder). */
export type LabDb = Db;

export interface ConnectMongoOptions {
  readonly url: string;
  /** The lab's database (`MONGO_DB`, default `realtime_labs`). */
  readonly dbName: string;
  /** How long to look for a server before failing: short, so a wrong URL is told at once. */
  readonly serverSelectionTimeoutMs?: number;
}

export interface MongoConnection {
  readonly client: MongoClient;
  readonly db: Db;
  /** Closes the client; idempotent. */
  close(): Promise<void>;
}

/**
 * The one MongoClient a process uses: connected and checked with a ping, or an environment
 * error that names the URL (without credentials) and what to do.
 */
export async function connectMongo(options: ConnectMongoOptions): Promise<MongoConnection> {
  const timeoutMs = options.serverSelectionTimeoutMs ?? 5000;
  const client = new MongoClient(options.url, { serverSelectionTimeoutMS: timeoutMs, appName: 'rtlab' });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new EnvironmentError(`MongoDB at ${redactMongoUrl(options.url)} is unreachable after ${timeoutMs} ms: ${(error as Error).message}`, {
      hint: 'Start that MongoDB, fix MONGO_URL (or --mongo), or use the embedded engine with --mongo lite.',
      cause: error,
    });
  }
  let closing: Promise<void> | undefined;
  return { client, db: client.db(options.dbName), close: () => (closing ??= client.close()) };
}
