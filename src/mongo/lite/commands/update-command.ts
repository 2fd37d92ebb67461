import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { selectDocuments } from '../engine/select-documents.js';
import { collectionOf, databaseOf, requiredArray } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { checkUpdateDocument, updateStored, upsert } from './apply-write.js';
import { checkCollation } from './find-command.js';
import { isOrdered, toWriteError } from './write-errors.js';

export function updateCommand(body: Document, context: CommandContext): Document {
  const db = databaseOf(body);
  const name = collectionOf(body, 'update');
  const statements = requiredArray(body, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      if (!isPlainDocument(statement))
        throw new MongoCommandError(ErrorCode.TypeMismatch, 'each update statement must be an object');
      checkCollation(statement);
      const filter = isPlainDocument(statement['q']) ? statement['q'] : {};
      const update = statement['u'];
      checkUpdateDocument(update);
      const spec = {
        filter,
        update,
        arrayFilters: Array.isArray(statement['arrayFilters']) ? (statement['arrayFilters'] as Document[]) : [],
      };
      const multi = statement['multi'] === true;
      if (multi && !Object.keys(update)[0]?.startsWith('$'))
        throw new MongoCommandError(
          ErrorCode.FailedToParse,
          'multi update is not supported for replacement-style update',
        );
      const collection = context.catalog.get(db, name);
      const matches = selectDocuments(collection, filter, context.stats, multi ? Infinity : 1, context.scope.deadline);
      if (matches.length === 0 && statement['upsert'] === true) {
        const document = upsert(context, context.catalog.getOrCreate(db, name), spec);
        upserted.push({ index, _id: document['_id'] });
        n++;
        continue;
      }
      for (const stored of matches) {
        n++;
        if (updateStored(context, collection!, stored, spec).modified) nModified++;
      }
    } catch (error) {
      writeErrors.push(toWriteError(index, error));
      if (isOrdered(body)) break;
    }
  }
  context.stats.opcounters['update'] = (context.stats.opcounters['update'] ?? 0) + statements.length;
  return {
    n,
    nModified,
    ...(upserted.length > 0 ? { upserted } : {}),
    ...(writeErrors.length > 0 ? { writeErrors } : {}),
    ok: 1,
  };
}
