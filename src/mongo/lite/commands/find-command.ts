import { Long, type Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { ArrayCursor } from '../engine/cursor-registry.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { compileProjection } from '../engine/project-document.js';
import { selectDocumentsInSlices } from '../engine/select-documents.js';
import { toEncodedDocument, type StoredDocument } from '../engine/lite-collection.js';
import { projectDocuments } from '../offload/project-on-worker.js';
import { selectWithRawFilter } from '../offload/raw-filter-selection.js';
import { RawDocument } from '../wire/raw-document.js';
import { compileSortOrder } from '../engine/sort-documents.js';
import { sortInSlices } from '../engine/sort-in-slices.js';
import { collectionOf, databaseOf, optionalDocument, optionalNumber } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { checkHint } from './check-hint.js';

/** Options that would change a find's answer and that the engine does not implement. */
const refusedOptions = ['min', 'max', 'returnKey', 'tailable', 'oplogReplay', 'let'];

/** The collation option is accepted only when it asks for the default (binary) comparison. */
export function checkCollation(body: Document): void {
  const collation = body['collation'];
  if (collation === undefined) return;
  if (!isPlainDocument(collation) || collation['locale'] !== 'simple')
    throw unsupported('A collation other than { locale: "simple" }');
}

export async function findCommand(body: Document, context: CommandContext): Promise<Document> {
  const db = databaseOf(body);
  const name = collectionOf(body, 'find');
  for (const option of refusedOptions) if (body[option] !== undefined) throw unsupported(`The find option '${option}'`);
  checkCollation(body);
  // A very large filter arrives undecoded, for the worker thread that matches it.
  const filter = body['filter'] instanceof RawDocument ? body['filter'] : optionalDocument(body, 'filter');
  const sort = optionalDocument(body, 'sort');
  const project = compileProjection(optionalDocument(body, 'projection'));
  const skip = optionalNumber(body, 'skip') ?? 0;
  let limit = optionalNumber(body, 'limit') ?? 0;
  let singleBatch = body['singleBatch'] === true;
  if (skip < 0) throw new MongoCommandError(ErrorCode.BadValue, 'skip value must be non-negative');
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const collection = context.catalog.get(db, name);
  checkHint(collection, body['hint']);
  const sorted = sort !== undefined && Object.keys(sort).length > 0;
  const wanted = !sorted && limit > 0 ? skip + limit : Infinity;
  const matches =
    filter instanceof RawDocument
      ? await selectWithRawFilter(collection, filter, context.stats, context.scope, wanted)
      : await selectDocumentsInSlices(collection, filter, context.stats, context.scope, wanted);
  const order = compileSortOrder(sort, (stored: StoredDocument) => stored.doc);
  const ordered =
    typeof order === 'function'
      ? await sortInSlices(matches, order, context.scope)
      : order === 'reverse'
        ? [...matches].reverse()
        : matches;
  const page = ordered.slice(skip, limit > 0 ? skip + limit : undefined);
  const documents =
    project === undefined ? page.map(toEncodedDocument) : await projectDocuments(project, page, context.scope);
  context.stats.opcounters['query'] = (context.stats.opcounters['query'] ?? 0) + 1;

  const batchSize = optionalNumber(body, 'batchSize') ?? 101;
  if (singleBatch) {
    const cursor = new ArrayCursor(`${db}.${name}`, documents);
    const batch = cursor.nextBatch(limit > 0 ? limit : batchSize);
    return { cursor: { id: Long.fromNumber(0), ns: `${db}.${name}`, firstBatch: batch }, ok: 1 };
  }
  return context.cursors.open(new ArrayCursor(`${db}.${name}`, documents), batchSize);
}
