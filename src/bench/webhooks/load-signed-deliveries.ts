import { createHistogram, performance, type RecordableHistogram } from 'node:perf_hooks';
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

/** What one round of load did to one side, counted in its measuring window only. */
export interface DeliveryRound {
  /** 2xx answers over the whole round, warm-up included: what its CPU time is divided by. */
  readonly answered: number;
  /** 2xx answers that arrived in the window: what the throughput is computed from. */
  readonly counted: number;
  /** The event ids of the window's 2xx answers (from their bodies): what must be stored. */
  readonly acknowledgedIds: readonly string[];
  /** Network errors and answers other than 2xx, over the whole round. */
  readonly errors: number;
  readonly windowSeconds: number;
  /** Latencies of the window's 2xx answers, in microseconds. */
  readonly latencyUs: RecordableHistogram;
}

/** The first part of a round is not counted: connections open and queues fill before it. */
const warmupShare = 0.25;

/**
 * Autocannon with `connections` at once, a freshly signed, unique `order.created` event per
 * request. Only answers that arrive in the measuring window (after the warm-up, until the end)
 * count: autocannon's own total also counts the start, when every connection waits for its first
 * answer, and that start weighs most on the slowest side when rounds are short.
 */
export async function loadSignedDeliveries(options: LoadSignedDeliveriesOptions): Promise<DeliveryRound> {
  let sequence = 0;
  const template = buildSampleEvents(1)[0]!;
  const latencyUs = createHistogram();
  const started = performance.now();
  const windowStart = started + options.durationMs * warmupShare;
  const windowEnd = started + options.durationMs;
  let counted = 0;
  const acknowledgedIds: string[] = [];
  const inWindow = () => {
    const now = performance.now();
    return now >= windowStart && now <= windowEnd;
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationMs / 1000,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const n = sequence++;
              const body = JSON.stringify({
                ...template,
                data: { ...template.data, orderId: `ord_${options.prefix}_${n}` },
              });
              const headers = buildWebhookHeaders({
                id: `msg_${options.prefix}_${n}`,
                timestamp: Math.floor(Date.now() / 1000),
                body,
                secret: options.secret,
              });
              return { ...request, body, headers: { 'content-type': 'application/json', ...headers } };
            },
            // The receivers answer 2xx with `{ "status": …, "id": "msg_…" }`.
            onResponse: (status: number, body: string) => {
              if (status < 200 || status >= 300 || !inWindow()) return;
              const id = /"id":"([^"]+)"/.exec(body)?.[1];
              if (id !== undefined) acknowledgedIds.push(id);
            },
          },
        ],
      },
      (error, finished) => (error === null || error === undefined ? resolve(finished) : reject(error)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode < 200 || statusCode >= 300 || !inWindow()) return;
      counted++;
      latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000)));
    });
  });
  return {
    answered: result['2xx'],
    counted,
    acknowledgedIds,
    errors: result.errors + result.non2xx,
    windowSeconds: (windowEnd - windowStart) / 1000,
    latencyUs,
  };
}
