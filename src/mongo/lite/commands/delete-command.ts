import type { Document } from 'bson';
import { isPlainDocument, toNumber } from '../bson/bson-values.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { inScope } from '../engine/request-scope.js';
import { selectForWrite } from '../offload/select-for-write.js';
import { collectionOf, databaseOf, requiredArray } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { checkCollation } from './find-command.js';
import { checkHint } from './check-hint.js';
import { isOrdered, toWriteError } from './write-errors.js';
import { statementIdOf } from '../sessions/retryable-write.js';

export async function deleteCommand(body: Document, context: CommandContext): Promise<Document> {
  const db = databaseOf(body);
  const name = collectionOf(body, 'delete');
  const statements = requiredArray(body, 'deletes');
  let n = 0;
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    const stmtId = statementIdOf(body, index);
    const done = context.retry?.executed(stmtId);
    if (done !== undefined) {
      // Executed by an earlier attempt of this retryable write: its result, not a second run.
      n += done.n;
      continue;
    }
    try {
      if (!isPlainDocument(statement))
        throw new MongoCommandError(ErrorCode.TypeMismatch, 'each delete statement must be an object');
      checkCollation(statement);
      checkHint(context.catalog.get(db, name), statement['hint']);
      const limit = toNumber(statement['limit']) ?? 0;
      if (limit !== 0 && limit !== 1)
        throw new MongoCommandError(
          ErrorCode.BadValue,
          `The limit field in delete objects must be 0 or 1. Got ${limit}`,
        );
      const filter = isPlainDocument(statement['q']) ? statement['q'] : {};
      const { collection, matches } = await selectForWrite(
        () => context.catalog.get(db, name),
        filter,
        context.stats,
        context.scope,
        limit === 1 ? 1 : Infinity,
      );
      inScope(context.scope, () => {
        for (const stored of matches) {
          collection!.remove(stored);
          context.changes.record({ operationType: 'delete', db, coll: name, documentKey: { _id: stored.doc['_id'] } });
          n++;
        }
        // In the same synchronous slice as the removals: journalled in the same group.
        if (matches.length > 0) context.retry?.record([[stmtId, { n: matches.length }]]);
      });
    } catch (error) {
      writeErrors.push(toWriteError(index, error));
      if (isOrdered(body)) break;
    }
  }
  context.stats.opcounters['delete'] = (context.stats.opcounters['delete'] ?? 0) + statements.length;
  return { n, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
}
