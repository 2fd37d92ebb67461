import type { Document } from 'bson';
import { runWholePipeline, toCommandError } from '../commands/run-pipeline.js';
import { Deadline } from '../engine/deadline.js';
import { inScope, newScope } from '../engine/request-scope.js';
import { concatPacked, packDocument, unpackDocuments } from './packed-documents.js';
import type { PipelineJob, PipelineOutcome } from './pipeline-job.js';

/** Runs one job in the worker thread, in one go: nothing else waits for this thread. */
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
      runWholePipeline(input, (spec?.['stages'] ?? []) as Document[], collectionResolver),
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
