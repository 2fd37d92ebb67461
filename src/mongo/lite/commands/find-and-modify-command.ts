import type { Document } from 'bson';
import { ErrorCode, MongoCommandError } from '../engine/mongo-command-error.js';
import { compileProjection } from '../engine/project-document.js';
import { selectDocuments } from '../engine/select-documents.js';
import { sortDocuments } from '../engine/sort-documents.js';
import { collectionOf, databaseOf, optionalDocument } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { checkUpdateDocument, updateStored, upsert } from './apply-write.js';
import { checkCollation } from './find-command.js';

/** findOneAndUpdate, findOneAndReplace and findOneAndDelete all arrive as findAndModify. */
export function findAndModifyCommand(body: Document, context: CommandContext): Document {
  const db = databaseOf(body);
  const name = collectionOf(body, body['findAndModify'] !== undefined ? 'findAndModify' : 'findandmodify');
  checkCollation(body);
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
  const shape = (document: Document | null) =>
    document === null || project === undefined ? document : project(document);

  const collection = context.catalog.get(db, name);
  const sorted = sort !== undefined && Object.keys(sort).length > 0;
  const candidates = selectDocuments(collection, filter, context.stats, sorted ? Infinity : 1, context.scope.deadline);
  const target = (sorted ? sortDocuments(candidates, sort, (stored) => stored.doc) : candidates)[0];

  if (remove) {
    if (target === undefined) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    collection!.remove(target);
    context.changes.record({ operationType: 'delete', db, coll: name, documentKey: { _id: target.doc['_id'] } });
    return { lastErrorObject: { n: 1 }, value: shape(target.doc), ok: 1 };
  }

  checkUpdateDocument(update);
  const spec = {
    filter,
    update,
    arrayFilters: Array.isArray(body['arrayFilters']) ? (body['arrayFilters'] as Document[]) : [],
  };
  const returnNew = body['new'] === true;
  if (target === undefined) {
    if (body['upsert'] !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const inserted = upsert(context, context.catalog.getOrCreate(db, name), spec);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted['_id'] },
      value: returnNew ? shape(inserted) : null,
      ok: 1,
    };
  }
  const { after } = updateStored(context, collection!, target, spec);
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(returnNew ? after : target.doc), ok: 1 };
}
