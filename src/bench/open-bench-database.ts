import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectMongo, type LabDb } from '../mongo/connect-mongo.js';
import { ensureLabCollections } from '../mongo/lab-collections.js';
import { spawnMongoProcess } from '../runtime/spawn-mongo-process.js';

export interface BenchDatabase {
  readonly uri: string;
  readonly db: LabDb;
  /** The MongoDB process's id, for CPU accounting. */
  readonly pid: number | undefined;
  /** Closes the connection, stops the MongoDB process and deletes its data directory, if any. */
  close(): Promise<void>;
}

/**
 * The benchmarks' MongoDB: the embedded engine in a process of its own, with the lab's
 * collections, in `rtlab_bench`. With `persist`, it journals to a fresh temporary directory as
 * the lab's engine journals to its data directory, so that durable writes cost what they cost in
 * the lab; without, it keeps everything in memory.
 */
export async function openBenchDatabase(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  persist?: boolean;
  signal?: AbortSignal;
}): Promise<BenchDatabase> {
  const dbPath = options.persist === true ? await mkdtemp(path.join(os.tmpdir(), 'rtlab-bench-data-')) : undefined;
  const removeData = () => (dbPath === undefined ? Promise.resolve() : rm(dbPath, { recursive: true, force: true }));
  try {
    const mongo = await spawnMongoProcess({
      cwd: options.cwd,
      env: options.env,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(dbPath === undefined ? {} : { dbPath }),
    });
    const connection = await connectMongo({ url: mongo.uri, dbName: benchDbName });
    await ensureLabCollections(connection.db);
    return {
      uri: mongo.uri,
      db: connection.db,
      pid: mongo.pid,
      close: async () => {
        await connection.close();
        await mongo.stop();
        await removeData();
      },
    };
  } catch (error) {
    await removeData();
    throw error;
  }
}

export const benchDbName = 'rtlab_bench';
