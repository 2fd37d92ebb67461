import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectMongo, type LabDb } from '../../mongo/connect-mongo.js';
import { ensureLabCollections } from '../../mongo/lab-collections.js';
import { spawnRtlab } from '../../runtime/spawn-rtlab.js';
import { benchDbName } from '../open-bench-database.js';

export interface JournalingEngine {
  readonly uri: string;
  readonly db: LabDb;
  /** The engine's process: its CPU time is part of what a side costs. */
  readonly pid: number | undefined;
  /** Closes the connection, stops the engine and deletes its data directory. */
  close(): Promise<void>;
}

/**
 * A fresh embedded engine for one side of the benchmark, in a process of its own, journaling to
 * a new temporary directory as the lab's engine journals to its data directory: a `j: true`
 * write waits for its fsync as in the lab, and a side never pays for another side's documents.
 */
export async function spawnJournalingEngine(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<JournalingEngine> {
  const dbPath = await mkdtemp(path.join(os.tmpdir(), 'rtlab-bench-grpc-'));
  const removeData = () => rm(dbPath, { recursive: true, force: true });
  try {
    const engine = await spawnRtlab(['mongo', 'serve', '--port', '0', '--dbpath', dbPath, '--log-level', 'warn'], {
      ...options,
      ready: (output) => /^(mongodb:\/\/\S+)$/m.exec(output)?.[1],
      // Three processes start one after the other; on a machine loaded by other work each can take long.
      timeoutMs: 60_000,
    });
    const connection = await connectMongo({ url: engine.value, dbName: benchDbName }).catch(async (error: unknown) => {
      await engine.stop();
      throw error;
    });
    await ensureLabCollections(connection.db);
    return {
      uri: engine.value,
      db: connection.db,
      pid: engine.pid,
      close: async () => {
        await connection.close();
        await engine.stop();
        await removeData();
      },
    };
  } catch (error) {
    await removeData();
    throw error;
  }
}
