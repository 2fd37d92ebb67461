import type { Document } from 'bson';
import { toDocumentView } from '../bson/to-query-view.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { Deadline } from '../engine/deadline.js';
import { withExpressionMemory } from '../engine/memory/expression-memory.js';
import { createAggregator } from '../engine/regex/linear-mingo.js';

/** Stages that write or need a server feature the engine lacks: refused by name. */
const refusedStages = new Set(['$out', '$merge', '$search', '$searchMeta', '$vectorSearch', '$listSessions', '$currentOp', '$indexStats', '$collStats', '$planCacheStats']);

/**
 * Runs an aggregation pipeline with mingo over query views. Documents that come out of the
 * pipeline untouched (only filtered, sorted, limited) are given back with their stored BSON
 * types; computed documents carry plain numbers.
 */
export function runPipeline(views: readonly Document[], pipeline: readonly Document[], resolveCollection: (name: string) => Document[], originals: WeakMap<Document, Document>, deadline = Deadline.none): Document[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (refusedStages.has(name)) throw unsupported(`The aggregation stage ${name}`);
  }
  try {
    const aggregator = createAggregator(pipeline.map((stage) => toDocumentView(stage)), { collectionResolver: resolveCollection });
    const output = withExpressionMemory(() => aggregator.run(checked(views, deadline) as never) as Document[]);
    return output.map((document) => originals.get(document) ?? document);
  } catch (error) {
    if (error instanceof MongoCommandError) throw error;
    const message = (error as Error).message;
    const stage = /(\$\w+)/.exec(message)?.[1];
    if (/pipeline operator|unknown|unregistered/i.test(message) && stage !== undefined) {
      throw new MongoCommandError(ErrorCode.Location40324, `Unrecognized pipeline stage name or operator: '${stage}'`);
    }
    throw new MongoCommandError(ErrorCode.BadValue, `aggregation failed: ${message}`);
  }
}

/** The pipeline's input, checking the deadline as each document is pulled by the first stage. */
function* checked(views: readonly Document[], deadline: Deadline): Generator<Document> {
  for (const view of views) {
    deadline.check();
    yield view;
  }
}
