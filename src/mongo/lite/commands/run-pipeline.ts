import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { toDocumentView } from '../bson/to-query-view.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';

/** Stages that write or need a server feature the engine lacks: refused by name. */
const refusedStages = new Set(['$out', '$merge', '$search', '$searchMeta', '$vectorSearch', '$listSessions', '$currentOp', '$indexStats', '$collStats', '$planCacheStats']);

/**
 * Runs an aggregation pipeline with mingo over query views. Documents that come out of the
 * pipeline untouched (only filtered, sorted, limited) are given back with their stored BSON
 * types; computed documents carry plain numbers.
 */
export function runPipeline(views: readonly Document[], pipeline: readonly Document[], resolveCollection: (name: string) => Document[], originals: WeakMap<Document, Document>): Document[] {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (refusedStages.has(name)) throw unsupported(`The aggregation stage ${name}`);
  }
  try {
    const aggregator = new Aggregator(pipeline.map((stage) => toDocumentView(stage)), { collectionResolver: resolveCollection });
    const output = aggregator.run(views as Document[]) as Document[];
    return output.map((document) => originals.get(document) ?? document);
  } catch (error) {
    const message = (error as Error).message;
    const stage = /(\$\w+)/.exec(message)?.[1];
    if (/pipeline operator|unknown|unregistered/i.test(message) && stage !== undefined) {
      throw new MongoCommandError(ErrorCode.Location40324, `Unrecognized pipeline stage name or operator: '${stage}'`);
    }
    throw new MongoCommandError(ErrorCode.BadValue, `aggregation failed: ${message}`);
  }
}
