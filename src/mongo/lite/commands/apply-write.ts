import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { toKeyString } from '../bson/key-string.js';
import type { LiteCollection, StoredDocument } from '../engine/lite-collection.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { applyUpdate, isOperatorUpdate } from '../engine/update/apply-update.js';
import { setAt } from '../engine/update/update-paths.js';
import { makeRoomAfterInsert } from '../engine/capped.js';
import type { CommandContext } from './command-context.js';
import { checkStorable, withId } from './insert-command.js';

export interface UpdateSpec {
  readonly filter: Document;
  readonly update: Document;
  readonly arrayFilters: readonly Document[];
}

export function checkUpdateDocument(update: unknown): asserts update is Document {
  if (Array.isArray(update)) throw unsupported('An aggregation pipeline as an update');
  if (!isPlainDocument(update))
    throw new MongoCommandError(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
}

/**
 * Updates one stored document; records the change unless nothing changed. `computed`: its new
 * version, already computed from `stored` (on a worker thread, see offload/update-on-worker.ts).
 */
export function updateStored(
  context: CommandContext,
  collection: LiteCollection,
  stored: StoredDocument,
  spec: UpdateSpec,
  computed?: Document,
): { after: Document; modified: boolean } {
  const operator = isOperatorUpdate(spec.update);
  const after =
    computed ??
    (operator
      ? applyUpdate(stored.doc, spec.update, { ...spec, inserting: false })
      : replacementFor(stored.doc, spec.update));
  // An update that leaves `_id` alone keeps the same reference (copy-on-write): no key to spell out.
  if (after['_id'] !== stored.doc['_id'] && toKeyString(after['_id']) !== toKeyString(stored.doc['_id'])) {
    throw new MongoCommandError(
      ErrorCode.ImmutableField,
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
  }
  if (operator) checkTopLevelNames(stored.doc, after);
  // One field-by-field comparison both detects a no-op (nModified 0) and describes the change.
  const description = describeUpdate(stored.doc, after);
  const unchanged =
    Object.keys(description.updatedFields).length === 0 &&
    description.removedFields.length === 0 &&
    sameKeys(stored.doc, after);
  // A no-op is checked all the same: mongod refuses it if the document it leaves is not storable.
  if (unchanged) {
    checkStorable(after, 'update', stored.bytes);
    return { after: stored.doc, modified: false };
  }
  collection.replace(stored, after, checkStorable(after, 'update'));
  context.changes.record({
    operationType: operator ? 'update' : 'replace',
    db: collection.db,
    coll: collection.name,
    documentKey: { _id: after['_id'] },
    ...(operator ? { updateDescription: description } : { fullDocument: after }),
  });
  return { after, modified: true };
}

/** Inserts the document an upsert creates: the filter's equalities, then the update. */
export function upsert(context: CommandContext, collection: LiteCollection, spec: UpdateSpec): Document {
  let document: Document;
  if (isOperatorUpdate(spec.update)) {
    document = applyUpdate(seedFromFilter(spec.filter), spec.update, { ...spec, inserting: true });
  } else {
    // The replacement's `_id` if it has one (null included), else the filter's, else a new one.
    document = replacementFor(seedFromFilter(spec.filter), spec.update);
  }
  document = withId(document);
  const stored = collection.insert(document, checkStorable(document, 'update'));
  context.changes.record({
    operationType: 'insert',
    db: collection.db,
    coll: collection.name,
    documentKey: { _id: document['_id'] },
    fullDocument: document,
  });
  makeRoomAfterInsert(collection, context.changes, stored);
  return document;
}

function replacementFor(previous: Document, replacement: Document): Document {
  for (const key of Object.keys(replacement)) {
    if (key.startsWith('$'))
      throw new MongoCommandError(
        ErrorCode.DollarPrefixedFieldName,
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
  }
  const { _id: _ignored, ...fields } = replacement;
  return { _id: '_id' in replacement ? replacement['_id'] : previous['_id'], ...fields };
}

/**
 * An operator update may not create or change a top-level `$`-prefixed field (mongod ≥ 5.0 takes
 * `a.$b`, and keeps the top-level ones a document was inserted with, but `$set: {$b: 1}` is refused).
 */
function checkTopLevelNames(before: Document, after: Document): void {
  for (const key of Object.keys(after)) {
    if (!key.startsWith('$')) continue;
    const value = after[key];
    if (key in before && (before[key] === value || toKeyString(before[key]) === toKeyString(value))) continue;
    throw new MongoCommandError(
      ErrorCode.DollarPrefixedFieldName,
      `The dollar ($) prefixed field '${key}' in '${key}' is not valid for storage.`,
    );
  }
}

/** Equality conditions of a filter (`{ a: 1, "b.c": 2, d: { $eq: 3 } }`) as a starting document. */
function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  const visit = (conditions: Document) => {
    for (const [path, condition] of Object.entries(conditions)) {
      if (path === '$and' && Array.isArray(condition)) condition.filter(isPlainDocument).forEach(visit);
      if (path.startsWith('$')) continue;
      if (isPlainDocument(condition) && Object.keys(condition)[0]?.startsWith('$')) {
        if ('$eq' in condition) setAt(seed, path.split('.'), condition['$eq']);
        continue;
      }
      setAt(seed, path.split('.'), condition);
    }
  };
  visit(filter);
  return seed;
}

/** Whether both documents have the same fields in the same order (a no-op must not reorder them). */
function sameKeys(before: Document, after: Document): boolean {
  const keys = Object.keys(before);
  let at = 0;
  for (const key in after) if (keys[at++] !== key) return false;
  return at === keys.length;
}

/** A change event's updateDescription: top-level fields set and removed. */
function describeUpdate(
  before: Document,
  after: Document,
): { updatedFields: Document; removedFields: string[]; truncatedArrays: never[] } {
  const updatedFields: Document = {};
  for (const [key, value] of Object.entries(after)) {
    // Untouched scalars and BSON values are the same references after the update's copy.
    if (before[key] === value && key in before) continue;
    if (!(key in before) || toKeyString(before[key]) !== toKeyString(value)) updatedFields[key] = value;
  }
  const removedFields = Object.keys(before).filter((key) => !(key in after));
  return { updatedFields, removedFields, truncatedArrays: [] };
}
