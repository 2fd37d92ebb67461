import {
  MongoBulkWriteError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/** Whether an error means MongoDB cannot be reached right now (answer 503, retry later), not a bad request. */
export function isMongoUnavailable(error: unknown): boolean {
  // A bulk write that failed with no write error of its own never reached a server.
  if (error instanceof MongoBulkWriteError)
    return [error.writeErrors].flat().length === 0 && error.writeConcernError === undefined;
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  );
}

/** Whether the client itself was closed: nothing written through it will ever land, so retrying is pointless. */
export function isClientClosed(error: unknown): boolean {
  return error instanceof MongoTopologyClosedError || error instanceof MongoNotConnectedError;
}

/** Whether an error is a duplicate key (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 11000;
}
