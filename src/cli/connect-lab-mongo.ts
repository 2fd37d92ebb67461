import type { LabConfig } from '../config/lab-config.js';
import { EnvironmentError } from '../errors.js';
import { connectMongo, type MongoConnection } from '../mongo/connect-mongo.js';
import { embeddedMongoUrl } from '../runtime/open-lab-database.js';
import { readLiveEngineRecord } from '../runtime/shared-mongo/engine-record.js';

/** The running lab's MongoDB, for commands that inspect it; a clear error when the lab is not running. */
export async function connectLabMongo(config: LabConfig): Promise<MongoConnection> {
  // The shared engine's record knows its address even when MONGO_PORT=0 let it pick one.
  const url = config.mongoUrl ?? readLiveEngineRecord(config.home)?.uri ?? embeddedMongoUrl(config);
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
