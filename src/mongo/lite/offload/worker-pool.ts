import { Worker } from 'node:worker_threads';
import { ErrorCode } from '../engine/mongo-command-error.js';
import type { PipelineJob, PipelineOutcome } from './pipeline-job.js';

/** Aggregations running at once; more wait for a thread (other commands never do). */
const maxWorkers = 8;
/** Threads kept warm between aggregations (starting one takes tens of milliseconds). */
const maxIdle = 2;
/** A worker that runs out of heap ends with an error for its command only, not the engine. */
const workerHeapMb = 4096;
/** How long past its deadline a worker may take to stop on its own before it is terminated. */
const terminateGraceMs = 25;

/**
 * The compiled worker script. Under vitest the engine runs from src/ as TypeScript, which a
 * worker thread cannot load: it runs the same file built into dist/ (npm run build).
 */
function workerUrl(): URL {
  const here = new URL('./pipeline-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return here;
  return new URL(here.href.replace(/\/src\/(?!.*\/src\/)/, '/dist/'));
}

const expired: PipelineOutcome = {
  ok: false,
  code: ErrorCode.MaxTimeMSExpired,
  message: 'operation exceeded time limit',
};
const disconnected: PipelineOutcome = {
  ok: false,
  code: ErrorCode.ClientDisconnect,
  message: 'operation was interrupted because a client disconnected',
};

function failed(error: Error & { code?: string }): PipelineOutcome {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return {
      ok: false,
      code: ErrorCode.ExceededMemoryLimit,
      message: `the aggregation ran out of memory (its thread's ${workerHeapMb} MiB heap); rtlab's embedded MongoDB engine stopped it. Ask for less per request.`,
    };
  return {
    ok: false,
    code: ErrorCode.InternalError,
    message: `the aggregation's worker thread failed: ${error.message}`,
  };
}

interface Slot {
  readonly worker: Worker;
  /** The running job's answer; undefined while idle. */
  settle?: (outcome: PipelineOutcome, reusable: boolean) => void;
}

/**
 * Worker threads that run aggregations, so that no expression or stage, however long, holds
 * the thread that answers every connection; a command past its maxTimeMS has its worker
 * terminated, which stops even a step that never checks the clock.
 */
class WorkerPool {
  private readonly idle: Slot[] = [];
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  async run(job: PipelineJob, clientGone: AbortSignal | undefined): Promise<PipelineOutcome> {
    while (this.running >= maxWorkers) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    const slot = this.idle.pop() ?? this.spawn();
    slot.worker.ref();
    return new Promise<PipelineOutcome>((resolve) => {
      const timer =
        job.expiresAt === Infinity
          ? undefined
          : setTimeout(
              () => {
                void slot.worker.terminate();
                slot.settle?.(expired, false);
              },
              Math.max(0, job.expiresAt - Date.now()) + terminateGraceMs,
            );
      const stop = () => {
        void slot.worker.terminate();
        slot.settle?.(disconnected, false);
      };
      clientGone?.addEventListener('abort', stop);
      slot.settle = (outcome, reusable) => {
        clearTimeout(timer);
        clientGone?.removeEventListener('abort', stop);
        slot.settle = undefined;
        this.release(slot, reusable);
        resolve(outcome);
      };
      if (clientGone?.aborted === true) return stop();
      const buffers = [job.input, ...Object.values(job.collections)].map((bytes) => bytes.buffer as ArrayBuffer);
      if (ownsItsBuffer(job.pipeline)) buffers.push(job.pipeline.buffer as ArrayBuffer);
      slot.worker.postMessage(job, buffers);
    });
  }

  /**
   * Starts one idle thread ahead of need: a cold start (loading the engine's modules) took
   * 1.8 s on a loaded machine and would count against the first offloaded command's maxTimeMS.
   */
  warmUp(): void {
    if (this.idle.length > 0) return;
    const slot = this.spawn();
    slot.worker.unref();
    this.idle.push(slot);
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl(), { resourceLimits: { maxOldGenerationSizeMb: workerHeapMb } });
    const slot: Slot = { worker };
    worker.on('message', (outcome: PipelineOutcome) => slot.settle?.(outcome, true));
    worker.on('error', (error) => slot.settle?.(failed(error), false));
    worker.on('exit', (code) => {
      slot.settle?.(failed(new Error(`exited with code ${code}`)), false);
      const at = this.idle.indexOf(slot);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return slot;
  }

  private release(slot: Slot, reusable: boolean): void {
    this.running--;
    this.waiting.shift()?.();
    if (reusable && this.idle.length < maxIdle) {
      // An idle thread does not keep the process alive.
      slot.worker.unref();
      this.idle.push(slot);
    } else {
      void slot.worker.terminate();
      // A thread stopped at a deadline is replaced at once, not when the next command needs it.
      this.warmUp();
    }
  }
}

/**
 * Whether bytes can be transferred rather than copied into the worker (a 12 MB filter's copy
 * held this thread for hundreds of milliseconds): only a buffer of their own. Node's shared pool
 * holds only allocations under 4 KiB, so a larger one that spans its whole buffer is its own.
 */
function ownsItsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteLength > 64 * 1024 && bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength;
}

const pool = new WorkerPool();

/**
 * Runs an aggregation on a worker thread; the outcome says how it ended (never rejects). A
 * client that disconnects has its job stopped, so an abandoned endless one frees its thread.
 */
export function runOnWorker(job: PipelineJob, clientGone: AbortSignal | undefined): Promise<PipelineOutcome> {
  return pool.run(job, clientGone);
}

/** Called when an engine starts listening (see WorkerPool.warmUp). */
export function warmUpWorkers(): void {
  pool.warmUp();
}
