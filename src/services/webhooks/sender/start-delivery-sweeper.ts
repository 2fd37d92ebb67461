import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { settleAbandonedDeliveries } from '../../../mongo/webhook-delivery-store.js';
import { startPeriodicSweep, type StartedPeriodicSweep } from '../../start-periodic-sweep.js';

export interface DeliverySweeperOptions {
  readonly db: LabDb;
  readonly logger: Logger;
  /** Between two sweeps (the first runs at start). */
  readonly intervalMs: number;
}

/**
 * Ends the deliveries a dead sender left `pending` (a kill -9, a machine that went down): at start
 * and then periodically, each one past its `settleBy` becomes a dead letter that says so, ready for
 * `rtlab webhooks replay`. Live deliveries keep moving their `settleBy` forward, so none is taken.
 */
export function startDeliverySweeper(options: DeliverySweeperOptions): StartedPeriodicSweep {
  return startPeriodicSweep({
    intervalMs: options.intervalMs,
    sweep: async () => {
      const settled = await settleAbandonedDeliveries(options.db, new Date());
      if (settled > 0)
        options.logger.warn('Marked deliveries abandoned by a stopped sender as dead letters', {
          count: settled,
          hint: 'rtlab webhooks deliveries --dead; rtlab webhooks replay <id>',
        });
    },
    onOutage: (error) =>
      options.logger.warn('Delivery sweeper cannot reach MongoDB; it tries again', { error: (error as Error).message }),
  });
}
