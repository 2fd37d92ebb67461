import { connectMongo, type ConnectMongoOptions, type MongoConnection } from './connect-mongo.js';
import { ensureLabCollections } from './lab-collections.js';

/**
 * The lab's database, ready to use: connected, checked with a ping, its collections and indexes
 * ensured. Services, benchmarks and tests open it this way; `close()` closes the client.
 */
export async function connectLabDatabase(options: ConnectMongoOptions): Promise<MongoConnection> {
  const connection = await connectMongo(options);
  try {
    await ensureLabCollections(connection.db);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return connection;
}
