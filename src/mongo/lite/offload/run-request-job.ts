import { MongoCommandError } from '../engine/mongo-command-error.js';
import type { RequestScope } from '../engine/request-scope.js';
import type { PipelineOutcome } from './pipeline-job.js';
import { runOnWorker } from './worker-pool.js';

/**
 * One request's job on a worker thread, over documents of its own (no joined collections), bound
 * by the request's deadline and stopped when its client leaves: what a worker found, or the
 * command's error as the worker reported it (50 past maxTimeMS, say).
 */
export async function runRequestJob(
  pipeline: Uint8Array,
  input: Uint8Array,
  scope: RequestScope,
): Promise<Extract<PipelineOutcome, { ok: true }>> {
  const outcome = await runOnWorker(
    { pipeline, input, collections: {}, expiresAt: scope.deadline.expiresAt, allowDiskUse: scope.allowDiskUse },
    scope.clientGone,
  );
  if (!outcome.ok) throw new MongoCommandError(outcome.code, outcome.message, outcome.extra);
  return outcome;
}
