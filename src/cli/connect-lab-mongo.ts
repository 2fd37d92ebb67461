import type { LabConfig } from '../config/lab-config.js';
import { EnvironmentError } from '../errors.js';
import { connectMongo, type MongoConnection } from '../mongo/connect-mongo.js';
import { embeddedMongoUrl } from '../runtime/open-lab-database.js';

/** The running lab's MongoDB, for commands that inspect it; a clear error when the lab is not running. */
export async function connectLabMongo(config: LabConfig): Promise<MongoConnection> {
  const url = config.mongoUrl ?? embeddedMongoUrl(config);
  try {
    return await connectMongo({ url, dbName: config.mongoDb, serverSelectionTimeoutMs: config.mongoUrl === undefined ? 1000 : 5000 });
  } catch (error) {
    if (config.mongoUrl !== undefined) throw error;
    throw new EnvironmentError(`No lab MongoDB is running on port ${config.ports.mongo}.`, {
      hint: 'Start the lab first (rtlab serve webhooks-receiver starts its MongoDB, or rtlab mongo serve), or set MONGO_URL.',
      cause: error,
    });
  }
}
