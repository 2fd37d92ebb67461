import type { LabConfig } from '../config/lab-config.js';
import { EnvironmentError } from '../errors.js';
import { connectMongo, type MongoConnection } from '../mongo/connect-mongo.js';
import { findRunningLabMongoUrl } from '../runtime/lab-mongo/provide-lab-mongo.js';
import { probePort } from '../runtime/ports/probe-port.js';
import { labMongo } from '../services/registry/mongo.js';

/** The running lab's MongoDB, for commands that inspect it; a clear error when the lab is not running. */
export async function connectLabMongo(config: LabConfig): Promise<MongoConnection> {
  const url = findRunningLabMongoUrl(config.mongo, config.home);
  const given = config.mongo.kind === 'url';
  try {
    if (url === undefined) throw new Error('no embedded MongoDB is recorded and MONGO_PORT is 0');
    return await connectMongo({ url, dbName: config.mongoDb, serverSelectionTimeoutMs: given ? 5000 : 1000 });
  } catch (error) {
    if (given) throw error;
    throw await toNoLabMongoError(config.ports.mongo, error);
  }
}

/**
 * Nothing answering as MongoDB on MONGO_PORT: either nothing listens there, or another program
 * does. The second is named (pid and command), as `rtlab serve` names what holds its port.
 */
async function toNoLabMongoError(port: number, cause: unknown): Promise<EnvironmentError> {
  const probe = port === 0 ? undefined : await probePort(port, '127.0.0.1');
  if (probe?.status === 'busy' && probe.labService !== labMongo.name) {
    const holder =
      probe.holder === undefined
        ? "a process rtlab cannot see (another user's, or outside this system)"
        : `pid ${probe.holder.pid} (${probe.holder.command})`;
    return new EnvironmentError(
      `No lab MongoDB answers on port ${port} (MONGO_PORT): it is held by ${holder}, which is not the lab's MongoDB.`,
      {
        hint: `Stop ${probe.holder === undefined ? 'that process' : `pid ${probe.holder.pid}`} and start the lab (rtlab serve webhooks-receiver, or rtlab mongo serve), or set MONGO_PORT to the port of the lab's MongoDB (or MONGO_URL).`,
        cause,
      },
    );
  }
  return new EnvironmentError(`No lab MongoDB is running on port ${port}.`, {
    hint: 'Start the lab first (rtlab serve webhooks-receiver starts its MongoDB, or rtlab mongo serve), or set MONGO_URL.',
    cause,
  });
}
