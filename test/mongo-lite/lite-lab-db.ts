import { MongoClient, type Db } from 'mongodb';
import { afterEach } from 'vitest';
import { startMongoLite, type StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';

/**
 * A fresh embedded engine per call, its `lab` database through the driver, all stopped after
 * each test; and the engine's count of documents examined, which shows whether an index was read.
 */
export function useLiteLabDb(): { start: () => Promise<Db>; scannedObjects: (db: Db) => Promise<number> } {
  const started: Array<{ engine: StartedMongoLite; client: MongoClient }> = [];
  afterEach(async () => {
    for (const { engine, client } of started.splice(0)) {
      await client.close();
      await engine.stop();
    }
  });
  return {
    start: async () => {
      const engine = await startMongoLite({ port: 0 });
      const client = new MongoClient(engine.uri);
      started.push({ engine, client });
      await client.connect();
      return client.db('lab');
    },
    scannedObjects: async (db) =>
      Number((await db.admin().command({ serverStatus: 1 }))['metrics'].queryExecutor.scannedObjects),
  };
}
