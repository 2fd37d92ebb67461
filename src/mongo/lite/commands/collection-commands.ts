import { Binary, calculateObjectSize } from 'bson';
import { ArrayCursor } from '../engine/cursor-registry.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { compileFilter } from '../engine/compile-filter.js';
import { toDocumentView } from '../bson/to-query-view.js';
import { cappedOptions, isCapped } from '../engine/capped.js';
import { collectionOf, databaseOf, optionalDocument, optionalNumber } from './command-arguments.js';
import type { CommandHandler } from './command-context.js';

const create: CommandHandler = (body, context) => {
  for (const option of ['viewOn', 'validator', 'timeseries', 'clusteredIndex', 'encryptedFields']) {
    if (body[option] !== undefined && body[option] !== false) throw unsupported(`The create option '${option}'`);
  }
  context.catalog.create(databaseOf(body), collectionOf(body, 'create'), cappedOptions(body));
  return { ok: 1 };
};

const drop: CommandHandler = (body, context) => {
  const db = databaseOf(body);
  const name = collectionOf(body, 'drop');
  const collection = context.catalog.get(db, name);
  // Since MongoDB 7.0, dropping a collection that does not exist succeeds.
  if (collection === undefined) return { ok: 1 };
  const nIndexesWas = collection.indexSpecs().length;
  context.catalog.drop(db, name);
  return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
};

const listCollections: CommandHandler = (body, context) => {
  const db = databaseOf(body);
  const filter = compileFilter(optionalDocument(body, 'filter'));
  const nameOnly = body['nameOnly'] === true;
  const entries = context.catalog
    .collections(db)
    .map((collection) => ({
      name: collection.name,
      type: 'collection',
      ...(nameOnly
        ? {}
        : {
            options: collection.options,
            info: {
              readOnly: false,
              uuid: new Binary(Buffer.from(collection.uuid.replace(/-/g, ''), 'hex'), Binary.SUBTYPE_UUID),
            },
            idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
          }),
    }))
    .filter((entry) => filter.test(toDocumentView(entry)));
  return context.cursors.open(
    new ArrayCursor(`${db}.$cmd.listCollections`, entries),
    optionalNumber(optionalDocument(body, 'cursor') ?? {}, 'batchSize') ?? 101,
  );
};

const renameCollection: CommandHandler = (body, context) => {
  const [fromDb, ...fromRest] = String(body['renameCollection']).split('.');
  const [toDb, ...toRest] = String(body['to']).split('.');
  if (fromDb === undefined || toDb === undefined || fromRest.length === 0 || toRest.length === 0) {
    throw new MongoCommandError(
      ErrorCode.InvalidNamespace,
      'renameCollection needs full namespaces: { renameCollection: "db.from", to: "db.to" }',
    );
  }
  context.catalog.rename(fromDb, fromRest.join('.'), toDb, toRest.join('.'), body['dropTarget'] === true);
  return { ok: 1 };
};

const collStats: CommandHandler = (body, context) => {
  const db = databaseOf(body);
  const name = collectionOf(body, 'collStats');
  const collection = context.catalog.get(db, name);
  if (collection === undefined)
    throw new MongoCommandError(ErrorCode.NamespaceNotFound, `Collection [${db}.${name}] not found.`);
  let size = 0;
  for (const stored of collection.all()) size += calculateObjectSize(stored.doc);
  const indexes = collection.indexSpecs();
  const options = collection.options;
  return {
    ns: `${db}.${name}`,
    count: collection.size,
    size,
    avgObjSize: collection.size === 0 ? 0 : size / collection.size,
    storageSize: size,
    nindexes: indexes.length,
    totalIndexSize: 0,
    indexSizes: Object.fromEntries(indexes.map((spec) => [spec.name, 0])),
    capped: isCapped(collection),
    ...(isCapped(collection) ? { max: options['max'] ?? 0, maxSize: options['size'] } : {}),
    ok: 1,
  };
};

export const collectionCommands: Record<string, CommandHandler> = {
  create,
  drop,
  listCollections,
  renameCollection,
  collStats,
};
