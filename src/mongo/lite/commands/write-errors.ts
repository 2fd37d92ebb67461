import type { Document } from 'bson';
import { MongoCommandError, shortenForReply } from '../engine/mongo-command-error.js';

/** A failed statement of a write command, reported inside `writeErrors` with ok: 1. */
export function toWriteError(index: number, error: unknown): Document {
  if (error instanceof MongoCommandError)
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
