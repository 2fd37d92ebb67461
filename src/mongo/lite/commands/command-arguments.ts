import type { Document } from 'bson';
import { isPlainDocument, toNumber } from '../bson/bson-values.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';

/** The database a command runs against (`$db`, sent by every driver). */
export function databaseOf(body: Document): string {
  const db = body['$db'];
  return typeof db === 'string' ? db : 'admin';
}

/** The collection named by the command's first field (`{ find: "orders" }`). */
export function collectionOf(body: Document, command: string): string {
  const name = body[command];
  if (typeof name !== 'string' || name === '') {
    throw new MongoCommandError(ErrorCode.InvalidNamespace, `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function optionalNumber(body: Document, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const number = toNumber(value);
  if (number === undefined)
    throw new MongoCommandError(ErrorCode.TypeMismatch, `Field '${field}' should be a number, not ${typeof value}`);
  return number;
}

export function optionalDocument(body: Document, field: string): Document | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainDocument(value))
    throw new MongoCommandError(ErrorCode.TypeMismatch, `Field '${field}' should be an object`);
  return value;
}

export function requiredArray(body: Document, field: string): Document[] {
  const value = body[field];
  if (!Array.isArray(value))
    throw new MongoCommandError(ErrorCode.FailedToParse, `Field '${field}' is required and must be an array`);
  return value as Document[];
}

/** Whether the write concern asks for the journal (`j: true`). */
export function wantsJournal(body: Document): boolean {
  const concern = body['writeConcern'];
  return isPlainDocument(concern) && (concern['j'] === true || concern['fsync'] === true);
}

/** Fields every driver adds to any command (mongod's generic arguments): not options of the command. */
const genericArguments = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  '$readPreference',
  'txnNumber',
  'writeConcern',
  'readConcern',
  'maxTimeMS',
  'comment',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

export function isCommandArgument(field: string): boolean {
  return genericArguments.has(field);
}
