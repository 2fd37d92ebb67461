import type { Document } from 'bson';
import { runWholePipeline, toCommandError } from '../commands/run-pipeline.js';
import { compileFilter } from '../engine/compile-filter.js';
import { Deadline } from '../engine/deadline.js';
import { currentScope, inScope, newScope } from '../engine/request-scope.js';
import { concatPacked, packDocument, unpackDocuments } from './packed-documents.js';
import type { PipelineJob, PipelineOutcome } from './pipeline-job.js';

/** The documents a filter matches, as a find selects them: at most `limit` (-1: all). */
function matching(input: readonly Document[], filter: Document, limit: number): Document[] {
  const compiled = compileFilter(filter);
  const { deadline } = currentScope();
  const out: Document[] = [];
  for (const document of input) {
    deadline.check();
    if (compiled.test(document) && out.push(document) === limit) break;
  }
  return out;
}

/**
 * Runs one job in the worker thread, in one go (nothing else waits for this thread): a
 * pipeline (`{ stages }`), or a find's filter (`{ filter, limit }`).
 */
export function runPipelineJob(job: PipelineJob): PipelineOutcome {
  try {
    const input = [...unpackDocuments(job.input)];
    const [spec] = unpackDocuments(job.pipeline);
    const unpacked = new Map<string, Document[]>();
    const collectionResolver = (name: string) =>
      unpacked.get(name) ??
      unpacked.set(name, [...unpackDocuments(job.collections[name] ?? new Uint8Array())]).get(name)!;
    const scope = newScope(new Deadline(job.expiresAt), job.allowDiskUse);
    const output = inScope(scope, () =>
      spec !== undefined && 'filter' in spec
        ? matching(input, spec['filter'] as Document, spec['limit'] as number)
        : runWholePipeline(input, (spec?.['stages'] ?? []) as Document[], collectionResolver),
    );
    const indexOf = new Map(input.map((document, index) => [document, index]));
    const origins = new Int32Array(output.length);
    const computed: Uint8Array[] = [];
    output.forEach((document, at) => {
      const index = indexOf.get(document);
      origins[at] = index ?? -1;
      if (index === undefined) computed.push(packDocument(document));
    });
    return { ok: true, origins, computed: concatPacked(computed) };
  } catch (error) {
    const { code, message, extra } = toCommandError(error);
    return { ok: false, code, message, extra };
  }
}
