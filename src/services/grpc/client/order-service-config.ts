import { orderServiceName } from '../load-order-service.js';

/** How many times in all a call that met UNAVAILABLE is tried (the first try included). */
export const maxCallAttempts = 4;

/**
 * The channel's service config (gRPC's own, as a server's DNS record could publish it): calls
 * that meet UNAVAILABLE (a server restarting, a replica going away) are retried with exponential
 * backoff, about 1.5 s in all, before the caller hears of it; `round_robin` spreads calls over
 * every address the target resolves to, for the replicas of DESIGN.md §7. Nothing else is
 * retried: a refusal (INVALID_ARGUMENT, FAILED_PRECONDITION…) would only be refused again.
 */
export const orderServiceConfig = {
  loadBalancingConfig: [{ round_robin: {} }],
  methodConfig: [
    {
      name: [{ service: orderServiceName }],
      retryPolicy: {
        maxAttempts: maxCallAttempts,
        initialBackoff: '0.2s',
        maxBackoff: '1s',
        backoffMultiplier: 2,
        retryableStatusCodes: ['UNAVAILABLE'],
      },
    },
  ],
};
