import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { inScope } from '../engine/request-scope.js';
import { selectForWrite } from '../offload/select-for-write.js';
import { planUpdates } from '../offload/update-on-worker.js';
import { collectionOf, databaseOf, requiredArray } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { checkUpdateDocument, updateStored, upsert } from './apply-write.js';
import { checkCollation } from './find-command.js';
import { checkHint } from './check-hint.js';
import { isOrdered, toWriteError } from './write-errors.js';
import { statementIdOf } from '../sessions/retryable-write.js';

export async function updateCommand(body: Document, context: CommandContext): Promise<Document> {
  const db = databaseOf(body);
  const name = collectionOf(body, 'update');
  const statements = requiredArray(body, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    const stmtId = statementIdOf(body, index);
    const done = context.retry?.executed(stmtId);
    if (done !== undefined) {
      // Executed by an earlier attempt of this retryable write: its result, not a second run.
      n += done.n;
      nModified += done.nModified ?? 0;
      if ('upserted' in done) upserted.push({ index, _id: done.upserted });
      continue;
    }
    try {
      if (!isPlainDocument(statement))
        throw new MongoCommandError(ErrorCode.TypeMismatch, 'each update statement must be an object');
      checkCollation(statement);
      checkHint(context.catalog.get(db, name), statement['hint']);
      // `sort` on an update statement is mongod 8.0's; a 7.0 server does not know the field.
      if (statement['sort'] !== undefined)
        throw new MongoCommandError(ErrorCode.Location40415, "BSON field 'update.updates.sort' is an unknown field.");
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
      const { collection, matches } = await selectForWrite(
        () => context.catalog.get(db, name),
        filter,
        context.stats,
        context.scope,
        multi ? Infinity : 1,
      );
      // Costly array filters or `$pull` conditions are applied on a worker (update-on-worker.ts).
      const planned = await planUpdates(collection, matches, spec, context.scope);
      // Applied in one go from here, under the command's scope again if the selection yielded.
      inScope(context.scope, () => {
        if (matches.length === 0 && statement['upsert'] === true) {
          const document = upsert(context, context.catalog.getOrCreate(db, name), spec);
          upserted.push({ index, _id: document['_id'] });
          n++;
          context.retry?.record([[stmtId, { n: 1, nModified: 0, upserted: document['_id'] }]]);
          return;
        }
        const result = { n: 0, nModified: 0 };
        try {
          planned.matches.forEach((stored, at) => {
            result.n++;
            if (updateStored(context, collection!, stored, spec, planned.afters[at]).modified) result.nModified++;
          });
        } finally {
          n += result.n;
          nModified += result.nModified;
          // In the same synchronous slice as the writes: journalled in the same group.
          if (result.n > 0) context.retry?.record([[stmtId, result]]);
        }
      });
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
