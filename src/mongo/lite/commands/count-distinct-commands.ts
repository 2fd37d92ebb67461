import type { Document } from 'bson';
import { toKeyString } from '../bson/key-string.js';
import { collectPathValues } from '../engine/document-path.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { selectDocumentsInSlices } from '../engine/select-documents.js';
import { collectionOf, databaseOf, optionalDocument, optionalNumber } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { checkCollation } from './find-command.js';
import { checkHint } from './check-hint.js';

export async function countCommand(body: Document, context: CommandContext): Promise<Document> {
  checkCollation(body);
  const collection = context.catalog.get(databaseOf(body), collectionOf(body, 'count'));
  checkHint(collection, body['hint']);
  const query = optionalDocument(body, 'query');
  const skip = optionalNumber(body, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(body, 'limit') ?? 0);
  const total =
    query === undefined || Object.keys(query).length === 0
      ? (collection?.size ?? 0)
      : (await selectDocumentsInSlices(collection, query, context.stats, context.scope)).length;
  const n = Math.max(0, total - skip);
  return { n: limit > 0 ? Math.min(n, limit) : n, ok: 1 };
}

export async function distinctCommand(body: Document, context: CommandContext): Promise<Document> {
  checkCollation(body);
  const key = body['key'];
  if (typeof key !== 'string') throw new MongoCommandError(ErrorCode.TypeMismatch, "Field 'key' must be a string");
  const collection = context.catalog.get(databaseOf(body), collectionOf(body, 'distinct'));
  checkHint(collection, body['hint']);
  const seen = new Map<string, unknown>();
  for (const stored of await selectDocumentsInSlices(
    collection,
    optionalDocument(body, 'query'),
    context.stats,
    context.scope,
  )) {
    for (const value of collectPathValues(stored.doc, key)) {
      if (value !== undefined && !seen.has(toKeyString(value))) seen.set(toKeyString(value), value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
}
