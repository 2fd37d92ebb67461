import { MongoNetworkError, MongoNotConnectedError, MongoServerSelectionError, MongoTopologyClosedError } from 'mongodb';

/** Whether an error means MongoDB cannot be reached right now (answer 503, retry later), not a bad request. */
export function isMongoUnavailable(error: unknown): boolean {
  return error instanceof MongoServerSelectionError || error instanceof MongoNetworkError || error instanceof MongoNotConnectedError || error instanceof MongoTopologyClosedError;
}

/** Whether an error is a duplicate key (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 11000;
}
