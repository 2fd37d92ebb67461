import { connectMongo, type LabDb } from '../mongo/connect-mongo.js';
import { ensureLabCollections } from '../mongo/lab-collections.js';
import { spawnMongoProcess } from '../runtime/spawn-mongo-process.js';

export interface BenchDatabase {
  readonly uri: string;
  readonly db: LabDb;
  /** Closes the connection and stops the MongoDB process. */
  close(): Promise<void>;
}

/** The benchmarks' MongoDB: the embedded engine in a process of its own, with the lab's collections, in `rtlab_bench`. */
export async function openBenchDatabase(options: {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
}): Promise<BenchDatabase> {
  const mongo = await spawnMongoProcess(options);
  const connection = await connectMongo({ url: mongo.uri, dbName: benchDbName });
  await ensureLabCollections(connection.db);
  return {
    uri: mongo.uri,
    db: connection.db,
    close: async () => {
      await connection.close();
      await mongo.stop();
    },
  };
}

export const benchDbName = 'rtlab_bench';
