import type { Document } from 'bson';
import { runWholePipeline, toCommandError } from '../commands/run-pipeline.js';
import { compileFilter } from '../engine/compile-filter.js';
import { firstMatchingElement, type ElemMatchRule } from '../engine/project-document.js';
import { Deadline } from '../engine/deadline.js';
import { currentScope, inScope, newScope } from '../engine/request-scope.js';
import { concatPacked, packDocument, unpackDocuments } from './packed-documents.js';
import type { PipelineJob, PipelineOutcome } from './pipeline-job.js';
import { updatedVersions, type UpdateStatement } from './update-on-worker.js';
import { decodeDocument } from '../wire/bson-codec.js';

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

/** For each document, then each rule, the index of the element a projection's `$elemMatch` picks. */
function elementsMatched(input: readonly Document[], rules: readonly ElemMatchRule[]): Int32Array {
  const filters = rules.map((rule) => compileFilter(rule.filter));
  const { deadline } = currentScope();
  const out = new Int32Array(input.length * rules.length);
  input.forEach((document, at) => {
    deadline.check();
    rules.forEach((rule, i) => (out[at * rules.length + i] = firstMatchingElement(document[rule.path], filters[i]!)));
  });
  return out;
}

/**
 * Runs one job in the worker thread, in one go (nothing else waits for this thread): a
 * pipeline (`{ stages }`), a find's filter (`{ filter, limit }`), a projection's `$elemMatch`
 * rules (`{ elemMatch }`, answered as element indexes in `origins`), or an update statement
 * (`{ update }`, answered as each input document's new version, type for type).
 */
export function runPipelineJob(job: PipelineJob): PipelineOutcome {
  try {
    const [spec] = unpackDocuments(job.pipeline);
    const scope = newScope(new Deadline(job.expiresAt), job.allowDiskUse);
    if (spec !== undefined && 'update' in spec) {
      // Decoded again keeping its numeric types: `$inc: Int32(1)` must stay an Int32.
      const statement = decodeDocument(job.pipeline)['update'] as UpdateStatement;
      const computed = inScope(scope, () => updatedVersions(job.input, statement));
      return { ok: true, origins: new Int32Array(), computed };
    }
    const input = [...unpackDocuments(job.input)];
    if (spec !== undefined && 'elemMatch' in spec) {
      const origins = inScope(scope, () => elementsMatched(input, spec['elemMatch'] as ElemMatchRule[]));
      return { ok: true, origins, computed: new Uint8Array() };
    }
    const unpacked = new Map<string, Document[]>();
    const collectionResolver = (name: string) =>
      unpacked.get(name) ??
      unpacked.set(name, [...unpackDocuments(job.collections[name] ?? new Uint8Array())]).get(name)!;
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
