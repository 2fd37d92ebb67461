import { parentPort } from 'node:worker_threads';
import type { PipelineJob } from './pipeline-job.js';
import { runPipelineJob } from './run-pipeline-job.js';

/** A worker thread of the engine: runs the aggregations it is sent, one at a time. */
const port = parentPort;
if (port === null) throw new Error('pipeline-worker.js runs only as a worker thread');
port.on('message', (job: PipelineJob) => {
  const outcome = runPipelineJob(job);
  port.postMessage(
    outcome,
    outcome.ok ? [outcome.origins.buffer as ArrayBuffer, outcome.computed.buffer as ArrayBuffer] : [],
  );
});
