import type { LabConfig } from '../../config/lab-config.js';
import type { Logger } from '../../log/log-entry.js';
import { connectLabDatabase } from '../../mongo/connect-lab-database.js';
import type { MongoConnection } from '../../mongo/connect-mongo.js';
import { provideLabMongo, type ProvidedMongo } from './provide-lab-mongo.js';

export interface LabDatabase {
  readonly connection: MongoConnection;
  /** Where it is, for messages. */
  readonly url: string;
  /** The shared embedded engine this process started, which goes on running after it (undefined otherwise). */
  readonly startedEngine?: ProvidedMongo['startedEngine'];
  /** Closes the connection, and mongod from `--mongo memory` (the shared embedded engine stays up). */
  close(): Promise<void>;
}

/** The lab's MongoDB for one service process, as the configuration's plan says, with its collections ensured. */
export async function openLabDatabase(config: LabConfig, logger: Logger): Promise<LabDatabase> {
  const mongo = await provideLabMongo(config.mongo, { home: config.home, cwd: config.cwd, logger });
  try {
    const connection = await connectLabDatabase({ url: mongo.url, dbName: config.mongoDb });
    return {
      connection,
      url: mongo.url,
      startedEngine: mongo.startedEngine,
      close: async () => {
        await connection.close();
        await mongo.stop();
      },
    };
  } catch (error) {
    await mongo.stop();
    throw error;
  }
}
