import type { Document } from 'bson';
import { isPlainDocument } from '../bson/bson-values.js';
import { ArrayCursor } from '../engine/cursor-registry.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { selectDocumentsInSlices } from '../engine/select-documents.js';
import { toEncodedDocument } from '../engine/lite-collection.js';
import { databaseOf, optionalDocument, optionalNumber } from './command-arguments.js';
import type { CommandContext } from './command-context.js';
import { openChangeStream } from './change-stream-cursor.js';
import { checkCollation } from './find-command.js';
import { runPipeline } from './run-pipeline.js';
import { checkHint } from './check-hint.js';

export async function aggregateCommand(body: Document, context: CommandContext): Promise<Document> {
  const db = databaseOf(body);
  const target = body['aggregate'];
  const pipeline = body['pipeline'];
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainDocument))
    throw new MongoCommandError(ErrorCode.TypeMismatch, "'pipeline' must be an array of stage objects");
  if (body['explain'] === true) throw unsupported('explain');
  checkCollation(body);
  const batchSize = optionalNumber(optionalDocument(body, 'cursor') ?? {}, 'batchSize');
  const first = pipeline[0] as Document | undefined;
  if (first !== undefined && '$changeStream' in first) {
    return openChangeStream(context, {
      db,
      collection: typeof target === 'string' ? target : undefined,
      stage: first,
      pipeline: pipeline.slice(1) as Document[],
      batchSize,
      maxTimeMS: optionalNumber(body, 'maxTimeMS'),
    });
  }
  if (typeof target !== 'string')
    throw unsupported('An aggregate without a collection (aggregate: 1) other than $changeStream');

  checkHint(context.catalog.get(db, target), body['hint']);
  // A leading $match is answered with the collection's indexes, like a find.
  const leadingMatch =
    first !== undefined && '$match' in first && isPlainDocument(first['$match'])
      ? (first['$match'] as Document)
      : undefined;
  const stored = await selectDocumentsInSlices(
    context.catalog.get(db, target),
    leadingMatch,
    context.stats,
    context.scope,
  );
  const rest = (leadingMatch === undefined ? pipeline : pipeline.slice(1)) as Document[];
  const resolve = (name: string) => [...(context.catalog.get(db, name)?.all() ?? [])].map((entry) => entry.view);
  const results =
    rest.length === 0 ? stored.map(toEncodedDocument) : await runPipeline(stored, rest, resolve, context.scope);
  context.stats.opcounters['command'] = (context.stats.opcounters['command'] ?? 0) + 1;
  return context.cursors.open(new ArrayCursor(`${db}.${target}`, results), batchSize ?? 101);
}
