import type { ServiceTuning } from '../../services/registry/service-definition.js';

/**
 * A lab the runner starts for its scenarios runs the sender's clock ten times faster than the
 * default (1 s, 2 s, 5 s, 10 s, 30 s between attempts; /send answers "pending" after 10 s): the
 * `resilience` lab waits out two failures, then a receiver that is down, in seconds rather than
 * half a minute. One more, longer wait than the default keeps the delivery alive while a loaded
 * machine restarts the receiver. Never a production default: `rtlab up` and `rtlab serve` keep theirs.
 */
export const scenarioLabTuning: ServiceTuning = {
  retryScheduleMs: [100, 200, 500, 1000, 3000, 6000],
  // Long enough for a healthy delivery on a loaded machine (the seed's {"status":"sent"}).
  replyWithinMs: 3000,
};
