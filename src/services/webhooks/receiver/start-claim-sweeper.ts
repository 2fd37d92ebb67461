import { isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';
import { findExpiredClaims, takeOverWebhookEvent } from '../../../mongo/webhook-event-store.js';
import { startPeriodicSweep } from '../../start-periodic-sweep.js';
import { handleClaimedEvent, type HandlingContext } from './handle-claimed-event.js';

export interface ClaimSweeperOptions extends HandlingContext {
  readonly leaseMs: number;
  /** Between two sweeps (the first runs at start). */
  readonly intervalMs: number;
}

export interface StartedClaimSweeper {
  stop(): Promise<void>;
}

/** Events taken over in one sweep at most; the next sweep takes the rest. */
const maxPerSweep = 200;

/**
 * Finishes the events whose handler died: at start and then periodically, each event still
 * `received` past its lease is taken over (one taker wins, whatever the number of replicas)
 * and handled again, which completes what the dead handling left half-done.
 */
export function startClaimSweeper(options: ClaimSweeperOptions): StartedClaimSweeper {
  return startPeriodicSweep({
    intervalMs: options.intervalMs,
    sweep: async (isStopping) => {
      const now = options.now();
      const expired = await findExpiredClaims(options.db, now, options.leaseMs, maxPerSweep);
      await Promise.all(
        expired.map(async (event) => {
          if (isStopping() || !(await takeOverWebhookEvent(options.db, event, now))) return;
          options.logger.info('Taking over an unfinished webhook event', {
            eventId: event.eventId,
            type: event.type,
            claimedAt: event.claimedAt.toISOString(),
          });
          await handleClaimedEvent(event, options).catch((error: unknown) => {
            if (!isMongoUnavailable(error))
              options.logger.error('Webhook handling failed in the sweeper', {
                eventId: event.eventId,
                error: (error as Error).message,
              });
          });
        }),
      );
    },
    // One line per outage; the sweep runs again at its interval.
    onOutage: (error) =>
      options.logger.warn('Claim sweeper cannot reach MongoDB; unfinished events wait', {
        error: (error as Error).message,
      }),
    onRecovery: () => options.logger.info('Claim sweeper reached MongoDB again'),
  });
}
