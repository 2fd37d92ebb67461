import type { Logger } from '../log/log-entry.js';
import { EnvironmentError } from '../errors.js';

export interface StartedMemoryMongod {
  readonly url: string;
  stop(): Promise<void>;
}

/** A real mongod as a one-node replica set, through mongodb-memory-server (downloads it once). */
export async function startMemoryMongod(logger: Logger): Promise<StartedMemoryMongod> {
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  logger.info('Starting a real mongod through mongodb-memory-server (the first run downloads it)');
  try {
    const replSet = await MongoMemoryReplSet.create({ replSet: { count: 1 } });
    return { url: replSet.getUri(), stop: async () => void (await replSet.stop()) };
  } catch (error) {
    throw new EnvironmentError(`Could not start mongod through mongodb-memory-server: ${(error as Error).message}`, {
      hint: "It downloads MongoDB once, which needs network access to MongoDB's download site. Without it, use --mongo lite, or a MongoDB you run yourself with --mongo mongodb://…",
      cause: error,
    });
  }
}
