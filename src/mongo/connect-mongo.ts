import { MongoClient, type Db } from 'mongodb';
import { EnvironmentError } from '../errors.js';
import { redactMongoUrl } from './ping-mongo.js';

/** The lab's database handle, as services receive it (they use the stores in this folder). */
export type LabDb = Db;

export interface ConnectMongoOptions {
  readonly url: string;
  /** The lab's database (`MONGO_DB`, default `realtime_labs`). */
  readonly dbName: string;
  /**
   * How long to look for a server before failing (default 2 s): short, so that a wrong URL is
   * told at once and a request that finds MongoDB down is answered 503 while its sender retries.
   */
  readonly serverSelectionTimeoutMs?: number;
  /**
   * How long a server may leave the monitor's check unanswered before it counts as down (default
   * 10 s): the operations waiting on it then fail at once (503 for a webhook) instead of waiting
   * for a reply that a hung process never sends. Not shorter: on an overloaded laptop a busy but
   * live engine left the check unanswered past 2.5 s, and every call in flight was answered
   * "MongoDB is unreachable" while it was up. A killed MongoDB is noticed at once either way (its
   * sockets are reset); only a hang waits this long.
   */
  readonly unresponsiveAfterMs?: number;
}

/** How often the driver checks each server; with `unresponsiveAfterMs`, the longest a hang goes unnoticed. */
const heartbeatMs = 500;

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
  const timeoutMs = options.serverSelectionTimeoutMs ?? 2000;
  // No socket or per-operation timeout: those would also fail a slow operation on a server that
  // is alive. The monitor tells the two apart on its own connection: a server that answers its
  // check is alive however long an operation takes; one that leaves it unanswered for
  // connectTimeoutMS (a stopped process, a dead host behind an open port) is marked down, and the
  // driver interrupts the operations in flight on it (MongoNetworkTimeoutError, then a pool clear
  // that interrupts in-use connections).
  const client = new MongoClient(options.url, {
    serverSelectionTimeoutMS: timeoutMs,
    appName: 'rtlab',
    heartbeatFrequencyMS: heartbeatMs,
    connectTimeoutMS: options.unresponsiveAfterMs ?? 10_000,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new EnvironmentError(
      `MongoDB at ${redactMongoUrl(options.url)} is unreachable after ${timeoutMs} ms: ${(error as Error).message}`,
      {
        hint: 'Start that MongoDB, fix MONGO_URL (or --mongo), or use the embedded engine with --mongo lite.',
        cause: error,
      },
    );
  }
  let closing: Promise<void> | undefined;
  return { client, db: client.db(options.dbName), close: () => (closing ??= client.close()) };
}
