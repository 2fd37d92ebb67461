import type { Document } from 'bson';
import { isPlainDocument, toNumber } from '../bson/bson-values.js';
import type { IndexSpec } from '../engine/collection-index.js';
import { ArrayCursor } from '../engine/cursor-registry.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { collectionOf, databaseOf, optionalDocument, optionalNumber } from './command-arguments.js';
import type { CommandHandler } from './command-context.js';
import { checkPartialFilterExpression } from '../engine/partial-index-filter.js';

/** `{ a: 1, b: -1 }` → `a_1_b_-1`, mongod's default index name. */
function defaultName(key: Document): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${toNumber(direction) ?? String(direction)}`)
    .join('_');
}

function toSpec(raw: unknown): IndexSpec {
  if (!isPlainDocument(raw) || !isPlainDocument(raw['key']) || Object.keys(raw['key']).length === 0) {
    throw new MongoCommandError(ErrorCode.FailedToParse, "Each index specification needs a non-empty 'key' object");
  }
  const key: Document = {};
  for (const [field, direction] of Object.entries(raw['key'])) {
    const number = toNumber(direction);
    if (number !== 1 && number !== -1)
      throw unsupported(`The index type ${JSON.stringify(direction)} on ${field} (only 1 and -1 are)`);
    key[field] = number;
  }
  for (const option of ['collation', 'wildcardProjection', 'weights', 'hidden', '2dsphereIndexVersion']) {
    if (raw[option] !== undefined) throw unsupported(`The index option '${option}'`);
  }
  const partial = raw['partialFilterExpression'];
  if (isPlainDocument(partial)) checkPartialFilterExpression(partial);
  const expire = expireAfterSecondsOf(raw['expireAfterSeconds']);
  return {
    v: 2,
    key,
    name: typeof raw['name'] === 'string' ? raw['name'] : defaultName(key),
    ...(raw['unique'] === true ? { unique: true } : {}),
    ...(raw['sparse'] === true ? { sparse: true } : {}),
    ...(isPlainDocument(partial) ? { partialFilterExpression: partial } : {}),
    ...(expire !== undefined ? { expireAfterSeconds: expire } : {}),
  };
}

/** mongod takes 0 to 2147483647 seconds (TTL indexes). */
function expireAfterSecondsOf(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = toNumber(raw);
  if (seconds === undefined || Number.isNaN(seconds))
    throw new MongoCommandError(ErrorCode.CannotCreateIndex, "TTL index 'expireAfterSeconds' option must be numeric");
  if (seconds < 0 || seconds > 2147483647)
    throw new MongoCommandError(
      ErrorCode.InvalidOptions,
      "TTL index 'expireAfterSeconds' option must be within an acceptable range (0 to 2147483647), try a lower number",
    );
  return seconds;
}

function sameSpec(a: IndexSpec, b: IndexSpec): boolean {
  return (
    JSON.stringify([a.key, a.unique ?? false, a.sparse ?? false, a.partialFilterExpression ?? null]) ===
    JSON.stringify([b.key, b.unique ?? false, b.sparse ?? false, b.partialFilterExpression ?? null])
  );
}

const createIndexes: CommandHandler = (body, context) => {
  const db = databaseOf(body);
  const name = collectionOf(body, 'createIndexes');
  const raw = body['indexes'];
  if (!Array.isArray(raw) || raw.length === 0)
    throw new MongoCommandError(ErrorCode.FailedToParse, "'indexes' must be a non-empty array");
  const specs = raw.map(toSpec);
  const createdCollectionAutomatically = context.catalog.get(db, name) === undefined;
  const collection = context.catalog.getOrCreate(db, name);
  if (collection.options['capped'] === true && specs.some((spec) => spec.expireAfterSeconds !== undefined))
    throw new MongoCommandError(ErrorCode.CannotCreateIndex, 'Cannot create TTL index on a capped collection');
  const before = collection.indexSpecs().length;
  for (const spec of specs) {
    const existing = collection
      .indexSpecs()
      .find((candidate) => candidate.name === spec.name || JSON.stringify(candidate.key) === JSON.stringify(spec.key));
    if (existing !== undefined) {
      if (sameSpec(existing, spec) && existing.name === spec.name) continue;
      if (existing.name === spec.name)
        throw new MongoCommandError(
          ErrorCode.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index but different options: ${spec.name}`,
        );
      throw new MongoCommandError(
        ErrorCode.IndexOptionsConflict,
        `Index already exists with a different name: ${existing.name}`,
      );
    }
    collection.createIndex(spec);
  }
  const after = collection.indexSpecs().length;
  return {
    createdCollectionAutomatically,
    numIndexesBefore: before,
    numIndexesAfter: after,
    ...(before === after ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

const listIndexes: CommandHandler = (body, context) => {
  const db = databaseOf(body);
  const name = collectionOf(body, 'listIndexes');
  const collection = context.catalog.get(db, name);
  if (collection === undefined)
    throw new MongoCommandError(ErrorCode.NamespaceNotFound, `ns does not exist: ${db}.${name}`);
  return context.cursors.open(
    new ArrayCursor(`${db}.${name}`, collection.indexSpecs() as Document[]),
    optionalNumber(optionalDocument(body, 'cursor') ?? {}, 'batchSize') ?? 101,
  );
};

const dropIndexes: CommandHandler = (body, context) => {
  const db = databaseOf(body);
  const name = collectionOf(body, 'dropIndexes');
  const collection = context.catalog.get(db, name);
  if (collection === undefined) throw new MongoCommandError(ErrorCode.NamespaceNotFound, `ns not found ${db}.${name}`);
  const nIndexesWas = collection.indexSpecs().length;
  const target = body['index'];
  const names =
    target === '*'
      ? [...collection.secondaryIndexes()].map((index) => index.spec.name)
      : Array.isArray(target)
        ? target.map(String)
        : [resolveName(target, collection.indexSpecs())];
  for (const indexName of names) {
    if (indexName === '_id_') throw new MongoCommandError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    if (collection.findIndex(indexName) === undefined)
      throw new MongoCommandError(ErrorCode.IndexNotFound, `index not found with name [${indexName}]`);
  }
  for (const indexName of names) collection.dropIndex(indexName);
  return { nIndexesWas, ok: 1 };
};

function resolveName(target: unknown, specs: IndexSpec[]): string {
  if (typeof target === 'string') return target;
  if (isPlainDocument(target)) {
    const found = specs.find(
      (spec) =>
        JSON.stringify(spec.key) ===
        JSON.stringify(Object.fromEntries(Object.entries(target).map(([k, v]) => [k, toNumber(v)]))),
    );
    if (found !== undefined) return found.name;
    throw new MongoCommandError(ErrorCode.IndexNotFound, `can't find index with key: ${JSON.stringify(target)}`);
  }
  throw new MongoCommandError(ErrorCode.TypeMismatch, "'index' must be a name, a key pattern or an array of names");
}

export const indexCommands: Record<string, CommandHandler> = { createIndexes, listIndexes, dropIndexes };
