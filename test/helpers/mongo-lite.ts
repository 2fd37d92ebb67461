import { MongoClient, type Db } from 'mongodb';
import { afterEach } from 'vitest';
import {
  startMongoLite,
  type StartMongoLiteOptions,
  type StartedMongoLite,
} from '../../src/mongo/lite/server/start-mongo-lite.js';

export interface LiteHarness {
  readonly server: StartedMongoLite;
  readonly client: MongoClient;
  readonly db: Db;
}

/** Starts the embedded engine on a free port with a connected official driver; all closed after each test. */
export function useMongoLite(): (options?: StartMongoLiteOptions) => Promise<LiteHarness> {
  const open: LiteHarness[] = [];
  afterEach(async () => {
    for (const harness of open.splice(0)) {
      await harness.client.close();
      await harness.server.stop();
    }
  });
  return async (options = {}) => {
    const server = await startMongoLite({ port: 0, ...options });
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 3000 });
    await client.connect();
    const harness = { server, client, db: client.db('lab') };
    open.push(harness);
    return harness;
  };
}
