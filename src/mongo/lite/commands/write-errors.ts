import type { Document } from 'bson';
import { ErrorCode, MongoCommandError, shortenForReply } from '../engine/mongo-command-error.js';

/**
 * Errors that end the whole command, not one statement: as mongod, a write past its maxTimeMS
 * or whose client left answers with the error itself and runs none of the statements after it
 * (ordered or not).
 */
const interruptions = new Set<number>([ErrorCode.MaxTimeMSExpired, ErrorCode.ClientDisconnect]);

/** A failed statement of a write command, reported inside `writeErrors` with ok: 1. */
export function toWriteError(index: number, error: unknown): Document {
  if (error instanceof MongoCommandError && !interruptions.has(error.code))
    return {
      index,
      code: error.code,
      codeName: error.codeName,
      errmsg: shortenForReply(error.message),
      ...error.extra,
    };
  throw error;
}

/** Ordered writes stop at the first error; unordered ones go on and report every error. */
export function isOrdered(body: Document): boolean {
  return body['ordered'] !== false;
}
