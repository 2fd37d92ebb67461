import autocannon from 'autocannon';
import { buildSampleEvents } from '../../services/webhooks/sender/build-sample-events.js';
import { buildWebhookHeaders } from '../../services/webhooks/signing/sign-webhook.js';

export interface LoadSignedDeliveriesOptions {
  readonly url: string;
  readonly secret: string;
  readonly durationMs: number;
  readonly connections: number;
  /** Makes ids unique across rounds and sides: `msg_<prefix>_<n>` for order `ord_<prefix>_<n>`. */
  readonly prefix: string;
}

/** What one round of load did to one side. */
export interface DeliveryRound {
  readonly acknowledged: number;
  /** Network errors and answers other than 2xx. */
  readonly errors: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Autocannon with `connections` at once, a freshly signed, unique `order.created` event per request. */
export async function loadSignedDeliveries(options: LoadSignedDeliveriesOptions): Promise<DeliveryRound> {
  let sequence = 0;
  const template = buildSampleEvents(1)[0]!;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationMs / 1000,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const n = sequence++;
          const body = JSON.stringify({ ...template, data: { ...template.data, orderId: `ord_${options.prefix}_${n}` } });
          const headers = buildWebhookHeaders({ id: `msg_${options.prefix}_${n}`, timestamp: Math.floor(Date.now() / 1000), body, secret: options.secret });
          return { ...request, body, headers: { 'content-type': 'application/json', ...headers } };
        },
      },
    ],
  });
  return { acknowledged: result['2xx'], errors: result.errors + result.non2xx, seconds: result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}
