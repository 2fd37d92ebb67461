import type { Document } from 'bson';
import { toDocumentView } from '../bson/to-query-view.js';
import { ErrorCode, MongoCommandError, unsupported } from '../engine/mongo-command-error.js';
import { createAggregator } from '../engine/regex/linear-mingo.js';
import { inScope, type RequestScope } from '../engine/request-scope.js';
import { streamInWindows } from '../engine/time-slices.js';

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
 * Stages mingo runs document by document and that resume when their input pauses: a run of
 * them is streamed a window of documents at a time, yielding to other connections in between.
 * Every other stage ($group, $sort, $facet…) needs its whole input and runs in one go.
 */
const streamingStages = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$lookup',
  '$unwind',
  '$replaceRoot',
  '$replaceWith',
  '$redact',
  '$skip',
  '$limit',
]);

/**
 * Runs an aggregation pipeline with mingo over query views. Documents that come out of the
 * pipeline untouched (only filtered, sorted, limited) are given back with their stored BSON
 * types; computed documents carry plain numbers.
 */
export async function runPipeline(
  views: readonly Document[],
  pipeline: readonly Document[],
  resolveCollection: (name: string) => Document[],
  originals: WeakMap<Document, Document>,
  scope: RequestScope,
): Promise<Document[]> {
  refuseStages(pipeline);
  // One snapshot of each joined collection for the whole command, however many runs use it.
  const resolved = new Map<string, Document[]>();
  const collectionResolver = (name: string) =>
    resolved.get(name) ?? resolved.set(name, resolveCollection(name)).get(name)!;
  try {
    let documents = views;
    for (const stages of segments(pipeline.map((stage) => toDocumentView(stage)))) {
      const aggregator = createAggregator(stages, { collectionResolver });
      const input = documents;
      documents = isStreaming(stages)
        ? await streamInWindows(
            input,
            scope,
            (source) => aggregator.stream(source as never) as never,
            enoughFor(stages),
          )
        : inScope(scope, () => aggregator.run(input as never) as Document[]);
    }
    return documents.map((document) => originals.get(document) ?? document);
  } catch (error) {
    throw toCommandError(error);
  }
}

/** A short pipeline over a few documents (a change stream's, per event), run at once. */
export function runPipelineNow(views: readonly Document[], pipeline: readonly Document[]): Document[] {
  refuseStages(pipeline);
  try {
    return createAggregator(
      pipeline.map((stage) => toDocumentView(stage)),
      { collectionResolver: () => [] },
    ).run(views as never) as Document[];
  } catch (error) {
    throw toCommandError(error);
  }
}

function refuseStages(pipeline: readonly Document[]): void {
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (refusedStages.has(name)) throw unsupported(`The aggregation stage ${name}`);
  }
}

function toCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = (error as Error).message;
  const stage = /(\$\w+)/.exec(message)?.[1];
  if (/pipeline operator|unknown|unregistered/i.test(message) && stage !== undefined) {
    return new MongoCommandError(ErrorCode.Location40324, `Unrecognized pipeline stage name or operator: '${stage}'`);
  }
  return new MongoCommandError(ErrorCode.BadValue, `aggregation failed: ${message}`);
}

const stageName = (stage: Document) => Object.keys(stage)[0] ?? '';
const isStreaming = (stages: Document[]) => streamingStages.has(stageName(stages[0] ?? {}));

/** The pipeline cut into runs of streaming stages and single other stages, in order. */
function segments(stages: Document[]): Document[][] {
  const out: Document[][] = [];
  for (const stage of stages) {
    const last = out.at(-1);
    if (last !== undefined && isStreaming(last) && streamingStages.has(stageName(stage))) last.push(stage);
    else out.push([stage]);
  }
  return out;
}

/** A run ending in `$limit: n` needs no more input once it has n outputs. */
function enoughFor(stages: Document[]): (outputs: number) => boolean {
  const last = stages.at(-1) ?? {};
  const limit = last['$limit'];
  return typeof limit === 'number' && limit >= 0 ? (outputs) => outputs >= limit : () => false;
}
