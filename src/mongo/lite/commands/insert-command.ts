import { ObjectId, type Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { checkDocumentDepth, maxStorageDepth } from '../bson/document-depth.js';
import { toStoredBson } from '../bson/stored-bson.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { collectionOf, databaseOf, requiredArray } from './command-arguments.js';
import { makeRoomAfterInsert } from '../engine/capped.js';
import type { CommandContext } from './command-context.js';
import { isOrdered, toWriteError } from './write-errors.js';
import { statementIdOf } from '../sessions/retryable-write.js';
import { takeClientBytes } from '../wire/client-bytes.js';
import type { StatementResult } from '../sessions/session-table.js';

/** `_id` first, generated when missing, as mongod stores it. */
export function withId(document: Document): Document {
  if (document['_id'] === undefined) {
    // A key holding undefined would override the new id in the spread: a document without `_id`.
    const { _id: _missing, ...rest } = document;
    return { _id: new ObjectId(), ...rest };
  }
  if (Object.keys(document)[0] === '_id') return document;
  const { _id, ...rest } = document;
  return { _id, ...rest };
}

/**
 * Refuses a document mongod would not store; returns its BSON, to store it with (stored-bson.ts).
 * `sent`: the bytes the client sent it as, when they are the document as stored.
 */
export function checkStorable(document: Document, what: 'insert' | 'update', sent?: Uint8Array): Buffer {
  checkIdStorable(document['_id']);
  const bytes = toStoredBson(document, what, sent);
  // Every nesting level takes at least 7 bytes (type, name, length, terminator): a document
  // smaller than that many levels cannot be too deep, and most are, so the walk is skipped.
  if (bytes.length >= 7 * maxStorageDepth) checkDocumentDepth(document, what);
  return bytes;
}

/**
 * `$`-prefixed field names are stored as mongod ≥ 5.0 stores them (at the top level and inside),
 * except inside `_id`, which queries and change events spell as a filter: `{_id: {$a: 1}}` would
 * read as an operator.
 */
function checkIdStorable(id: unknown): void {
  if (Array.isArray(id)) throw new MongoCommandError(ErrorCode.BadValue, `The '_id' value cannot be of type array`);
  const key = dollarPrefixedKeyIn(id);
  if (key !== undefined)
    throw new MongoCommandError(
      ErrorCode.DollarPrefixedFieldName,
      `_id fields may not contain '$'-prefixed fields: ${key} is not valid for storage.`,
    );
}

function dollarPrefixedKeyIn(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const element of value) {
      const key = dollarPrefixedKeyIn(element);
      if (key !== undefined) return key;
    }
  } else if (isPlainDocument(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith('$')) return key;
      const nested = dollarPrefixedKeyIn(inner);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

export function insertCommand(body: Document, context: CommandContext): Document {
  const db = databaseOf(body);
  const name = collectionOf(body, 'insert');
  const documents = requiredArray(body, 'documents');
  const collection = context.catalog.getOrCreate(db, name);
  const writeErrors: Document[] = [];
  const executed: Array<[number, StatementResult]> = [];
  let n = 0;
  // Recorded even when an interruption ends the loop: what was inserted stays inserted.
  try {
    for (const [index, raw] of documents.entries()) {
      const stmtId = statementIdOf(body, index);
      // Inserted by an earlier attempt of this retryable write: counted, not inserted twice.
      if (context.retry?.executed(stmtId) !== undefined) {
        n++;
        continue;
      }
      try {
        if (!isPlainDocument(raw))
          throw new MongoCommandError(ErrorCode.TypeMismatch, 'documents to insert must be objects');
        const sent = takeClientBytes(raw);
        const document = withId(raw);
        // The bytes sent are the document stored unless an `_id` was added or moved first.
        const bytes = checkStorable(document, 'insert', document === raw ? sent : undefined);
        const stored = collection.insert(document, bytes);
        context.changes.record({
          operationType: 'insert',
          db,
          coll: name,
          documentKey: { _id: document['_id'] },
          fullDocument: document,
        });
        makeRoomAfterInsert(collection, context.changes, stored);
        n++;
        executed.push([stmtId, { n: 1 }]);
      } catch (error) {
        writeErrors.push(toWriteError(index, error));
        if (isOrdered(body)) break;
      }
    }
  } finally {
    context.retry?.record(executed);
  }
  context.stats.opcounters['insert'] = (context.stats.opcounters['insert'] ?? 0) + n;
  return { n, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
}
