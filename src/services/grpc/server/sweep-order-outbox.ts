import { readOrdersAwaitingOutbox } from '../../../mongo/order-outbox-marks.js';
import { startPeriodicSweep, type StartedPeriodicSweep } from '../../start-periodic-sweep.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { writeOrderOutboxEntry } from './write-new-order.js';

/** Orders marked for this long are past any call still writing them (the client's deadline is 10 s by default, a write a few ms). */
const graceMs = 2000;
const batchSize = 500;

/**
 * Finds orders stored without their outbox entry (a process killed between the two writes) and
 * writes the entry: at start-up, then every `intervalMs`. Several servers may sweep at once, and
 * a sweep may meet a call still writing: the outbox's unique key keeps one entry either way.
 */
export function startOrderOutboxSweep(context: GrpcHandlerContext, intervalMs: number): StartedPeriodicSweep {
  return startPeriodicSweep({
    intervalMs,
    sweep: async (isStopping) => {
      for (;;) {
        const marked = await readOrdersAwaitingOutbox(context.db, {
          before: new Date(context.now().getTime() - graceMs),
          limit: batchSize,
        });
        for (const order of marked) await writeOrderOutboxEntry(context, order);
        if (marked.length > 0)
          context.logger.warn('Wrote the notifications of orders stored without them', { count: marked.length });
        // Marks are cleared a turn later: the next read would see these again.
        if (marked.length < batchSize || isStopping()) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    onOutage: (error) =>
      context.logger.warn('Could not look for orders without their notification', { error: (error as Error).message }),
  });
}
