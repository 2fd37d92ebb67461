import { calculateObjectSize, type Document } from 'bson';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { maxBsonObjectSize } from '../wire/wire-message.js';

/**
 * Refuses a document larger than mongod's 16 MiB limit before it is stored: such a document
 * could be neither journalled nor sent back to any client. Returns its size.
 */
export function checkDocumentSize(document: Document, what: 'insert' | 'update'): number {
  const size = calculateObjectSize(document, { ignoreUndefined: true });
  if (size <= maxBsonObjectSize) return size;
  throw tooLargeToStore(size, what);
}

/** mongod's refusal of a document of `size` bytes, past its 16 MiB limit. */
export function tooLargeToStore(size: number, what: 'insert' | 'update'): MongoCommandError {
  const message =
    what === 'insert'
      ? `object to insert too large. size in bytes: ${size}, max size: ${maxBsonObjectSize}`
      : `Resulting document after update is larger than ${maxBsonObjectSize} (${size} bytes)`;
  return new MongoCommandError(ErrorCode.BSONObjectTooLarge, message);
}

/** mongod's answer when a result document (an aggregation's output) passes the limit. */
export function tooLargeResult(size: number, document: Document): MongoCommandError {
  const first = Object.keys(document)[0] ?? '';
  return new MongoCommandError(
    ErrorCode.BSONObjectTooLarge,
    `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. Size must be between 0 and ${maxBsonObjectSize}(16MB) First element: ${first}`,
  );
}
