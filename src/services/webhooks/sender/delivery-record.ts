import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../log/log-entry.js';
import { isClientClosed, isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';

export interface DeliveryRecordOptions {
  readonly logger: Logger;
  readonly eventId: string;
  /** The sender stopping: writes still failing then are left to the sweeper of whoever comes next. */
  readonly signal?: AbortSignal | undefined;
  /** First wait before writing again; doubles up to `maxRetryInMs`. */
  readonly retryInMs?: number;
  readonly maxRetryInMs?: number;
}

/**
 * The writes of one delivery's record, in order. Recording is for looking back and delivering is
 * the job, so a write MongoDB cannot take does not hold the delivery up: it is retried in the
 * background (with backoff, until MongoDB is back) and the writes after it wait their turn, so the
 * record ends with the delivery's real outcome. The returned function resolves once its write was
 * tried (or queued behind one being retried).
 */
export function createDeliveryRecord(options: DeliveryRecordOptions): (write: () => Promise<void>) => Promise<void> {
  let chain = Promise.resolve();
  // While a write is being retried, the ones after it are queued without holding the delivery up.
  const state = { retrying: false };
  return (write) =>
    new Promise<void>((tried) => {
      if (state.retrying) tried();
      chain = chain.then(() => writeUntilStored(write, tried, state, options));
    });
}

/** Writes until stored, given up for good, or stopped while MongoDB is still away (the sweeper of the next sender ends it then). */
async function writeUntilStored(
  write: () => Promise<void>,
  tried: () => void,
  state: { retrying: boolean },
  options: DeliveryRecordOptions,
): Promise<void> {
  let waitMs = options.retryInMs ?? 250;
  const stopped = () => options.signal?.aborted === true;
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      tried();
      if (attempt > 1)
        options.logger.info('Recorded a webhook delivery in MongoDB after retrying', {
          eventId: options.eventId,
          attempts: attempt,
        });
      state.retrying = false;
      return;
    } catch (error) {
      tried();
      const transient = isMongoUnavailable(error) && !isClientClosed(error);
      if (attempt === 1)
        options.logger.warn('Could not record a webhook delivery in MongoDB; delivering anyway', {
          eventId: options.eventId,
          error: (error as Error).message,
          retrying: transient,
        });
      state.retrying = transient && !stopped();
      if (!state.retrying) return;
      // Unref'd: a CLI that has finished is not kept alive by a record it could not write.
      await sleep(waitMs, undefined, {
        ref: false,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }).catch(() => undefined);
      if (stopped()) return void (state.retrying = false);
      waitMs = Math.min(waitMs * 2, options.maxRetryInMs ?? 5000);
    }
  }
}
