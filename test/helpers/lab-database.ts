import { connectLabDatabase } from '../../src/mongo/connect-lab-database.js';
import type { MongoConnection } from '../../src/mongo/connect-mongo.js';
import { startMongoLite, type StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';

/** The embedded engine on a free port, connected, with the lab's collections (tests stop `mongo` to take it away). */
export async function startLabDatabase(): Promise<{
  mongo: StartedMongoLite;
  connection: MongoConnection;
  stop(): Promise<void>;
}> {
  const mongo = await startMongoLite({ port: 0 });
  const connection = await connectLabDatabase({
    url: mongo.uri,
    dbName: 'realtime_labs',
    serverSelectionTimeoutMs: 1000,
  });
  return {
    mongo,
    connection,
    stop: async () => {
      await connection.close();
      await mongo.stop();
    },
  };
}
