import type { Document } from 'bson';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { compileProjection } from '../engine/project-document.js';
import { Deadline } from '../engine/deadline.js';
import { inScope, newScope } from '../engine/request-scope.js';
import { toDocumentView } from '../bson/to-query-view.js';
import { projectDocuments } from '../offload/project-on-worker.js';
import { sortDocuments } from '../engine/sort-documents.js';
import { collectionOf, databaseOf, optionalDocument } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { checkUpdateDocument, updateStored, upsert } from './apply-write.js';
import { checkCollation } from './find-command.js';
import { checkHint } from './check-hint.js';
import { selectForWrite } from '../offload/select-for-write.js';
import { planUpdates } from '../offload/update-on-worker.js';

/** findOneAndUpdate, findOneAndReplace and findOneAndDelete all arrive as findAndModify. */
export async function findAndModifyCommand(body: Document, context: CommandContext): Promise<Document> {
  const db = databaseOf(body);
  const name = collectionOf(body, body['findAndModify'] !== undefined ? 'findAndModify' : 'findandmodify');
  checkCollation(body);
  checkHint(context.catalog.get(db, name), body['hint']);
  const filter = optionalDocument(body, 'query') ?? {};
  const sort = optionalDocument(body, 'sort');
  const project = compileProjection(optionalDocument(body, 'fields'));
  const remove = body['remove'] === true;
  const update = body['update'];
  if (remove === (update !== undefined))
    throw new MongoCommandError(
      ErrorCode.FailedToParse,
      'Either an update or remove=true must be specified, but not both',
    );
  // After the write: the projection's `$elemMatch` filters may run on a worker thread, with no
  // deadline, since a write that is done must not be answered as failed.
  const shape = async (reply: Document): Promise<Document> => {
    const value = reply['value'] as Document | null;
    if (value === null || project === undefined) return reply;
    const scope = newScope(Deadline.none, true, true, context.scope.clientGone);
    const [shaped] = await projectDocuments(project, [{ doc: value, view: toDocumentView(value) }], scope);
    return { ...reply, value: shaped };
  };

  // Executed by an earlier attempt of this retryable write: the same reply, not a second write.
  const done = context.retry?.executed(0)?.reply;
  if (done !== undefined) return shape(done);

  const sorted = sort !== undefined && Object.keys(sort).length > 0;
  const { collection, matches } = await selectForWrite(
    () => context.catalog.get(db, name),
    filter,
    context.stats,
    context.scope,
    sorted ? Infinity : 1,
  );
  const chosen = inScope(context.scope, () =>
    sorted ? sortDocuments(matches, sort, (stored) => stored.doc).slice(0, 1) : matches.slice(0, 1),
  );
  if (!remove) checkUpdateDocument(update);
  const spec = {
    filter,
    update: update as Document,
    arrayFilters: Array.isArray(body['arrayFilters']) ? (body['arrayFilters'] as Document[]) : [],
  };
  // Costly array filters or `$pull` conditions are applied on a worker (update-on-worker.ts).
  const planned = remove ? { matches: chosen, afters: [] } : await planUpdates(collection, chosen, spec, context.scope);
  // Applied in one go, under the command's scope again if the selection yielded.
  const reply = inScope(context.scope, (): Document => {
    const written = modify();
    // In the same synchronous slice as the write: journalled in the same group.
    if ((written['lastErrorObject'] as Document)['n'] !== 0) context.retry?.record([[0, { n: 1, reply: written }]]);
    return written;
  });
  return shape(reply);

  function modify(): Document {
    const target = planned.matches[0];

    if (remove) {
      if (target === undefined) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
      collection!.remove(target);
      context.changes.record({ operationType: 'delete', db, coll: name, documentKey: { _id: target.doc['_id'] } });
      return { lastErrorObject: { n: 1 }, value: target.doc, ok: 1 };
    }

    const returnNew = body['new'] === true;
    if (target === undefined) {
      if (body['upsert'] !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
      const inserted = upsert(context, context.catalog.getOrCreate(db, name), spec);
      return {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted['_id'] },
        value: returnNew ? inserted : null,
        ok: 1,
      };
    }
    const { after } = updateStored(context, collection!, target, spec, planned.afters[0]);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: returnNew ? after : target.doc, ok: 1 };
  }
}
