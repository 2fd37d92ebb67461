import type { LabConfig } from '../config/lab-config.js';
import { EnvironmentError } from '../errors.js';
import { connectMongo, type MongoConnection } from '../mongo/connect-mongo.js';
import { findRunningLabMongoUrl } from '../runtime/lab-mongo/provide-lab-mongo.js';

/** The running lab's MongoDB, for commands that inspect it; a clear error when the lab is not running. */
export async function connectLabMongo(config: LabConfig): Promise<MongoConnection> {
  const url = findRunningLabMongoUrl(config.mongo, config.home);
  const given = config.mongo.kind === 'url';
  try {
    if (url === undefined) throw new Error('no embedded MongoDB is recorded and MONGO_PORT is 0');
    return await connectMongo({ url, dbName: config.mongoDb, serverSelectionTimeoutMs: given ? 5000 : 1000 });
  } catch (error) {
    if (given) throw error;
    throw new EnvironmentError(`No lab MongoDB is running on port ${config.ports.mongo}.`, {
      hint: 'Start the lab first (rtlab serve webhooks-receiver starts its MongoDB, or rtlab mongo serve), or set MONGO_URL.',
      cause: error,
    });
  }
}
