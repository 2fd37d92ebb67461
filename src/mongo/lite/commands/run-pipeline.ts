import type { Document } from 'bson';
import { toDocumentView } from '../bson/to-query-view.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { createAggregator } from '../engine/regex/linear-mingo.js';
import type { RequestScope } from '../engine/request-scope.js';
import { collectInSlices } from '../engine/time-slices.js';
import { joinedCollections } from '../offload/joined-collections.js';
import { packDocument, packInSlices, unpackDocuments } from '../offload/packed-documents.js';
import { runOnWorker } from '../offload/worker-pool.js';

/** Stages that write or need a server feature the engine lacks: refused by name. */
const refusedStages = new Set([
  '$out',
  '$merge',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$listSessions',
  '$currentOp',
  '$indexStats',
  '$collStats',
  '$planCacheStats',
]);

/**
 * Runs an aggregation pipeline with mingo over query views, on a worker thread: one expression
 * or stage can take seconds (a `$reduce`, a `$group` of a million elements) and mingo cannot
 * pause in the middle of one, so the thread that answers every connection only packs the input
 * and unpacks the results, in time slices. Documents that come out of the pipeline untouched
 * (only filtered, sorted, limited) are given back with their stored BSON types; computed
 * documents carry plain numbers.
 */
export async function runPipeline(
  stored: ReadonlyArray<{ readonly doc: Document; readonly view: Document }>,
  pipeline: readonly Document[],
  resolveCollection: (name: string) => Document[],
  scope: RequestScope,
): Promise<Document[]> {
  refuseStages(pipeline);
  const collections: Record<string, Uint8Array> = {};
  for (const name of joinedCollections(pipeline))
    collections[name] = await packInSlices(resolveCollection(name), scope);
  const outcome = await runOnWorker(
    {
      pipeline: packDocument({ stages: pipeline }),
      input: await packInSlices(
        stored.map((entry) => entry.view),
        scope,
      ),
      collections,
      expiresAt: scope.deadline.expiresAt,
      allowDiskUse: scope.allowDiskUse,
    },
    scope.clientGone,
  );
  if (!outcome.ok) throw new MongoCommandError(outcome.code, outcome.message, outcome.extra);
  const computed = unpackDocuments(outcome.computed);
  const results = function* () {
    for (const origin of outcome.origins) {
      yield origin >= 0 ? (stored[origin]?.doc as Document) : (computed.next().value as Document);
    }
  };
  return collectInSlices(results(), scope);
}

/** The whole pipeline in one go, on the calling thread (a worker's). */
export function runWholePipeline(
  views: readonly Document[],
  pipeline: readonly Document[],
  collectionResolver: (name: string) => Document[],
): Document[] {
  try {
    return createAggregator(
      pipeline.map((stage) => toDocumentView(stage)),
      { collectionResolver },
    ).run(views as never) as Document[];
  } catch (error) {
    throw toCommandError(error);
  }
}

export function refuseStages(pipeline: readonly Document[]): void {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (refusedStages.has(name)) throw unsupported(`The aggregation stage ${name}`);
  }
}

export function toCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = (error as Error).message;
  const stage = /(\$\w+)/.exec(message)?.[1];
  if (/pipeline operator|unknown|unregistered/i.test(message) && stage !== undefined) {
    return new MongoCommandError(ErrorCode.Location40324, `Unrecognized pipeline stage name or operator: '${stage}'`);
  }
  return new MongoCommandError(ErrorCode.BadValue, `aggregation failed: ${message}`);
}
