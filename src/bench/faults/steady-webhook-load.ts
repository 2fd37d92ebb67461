import { setTimeout as sleep } from 'node:timers/promises';
import { buildSampleEvents } from '../../services/webhooks/sender/build-sample-events.js';
import { buildWebhookHeaders } from '../../services/webhooks/signing/sign-webhook.js';

export interface SteadyWebhookLoadOptions {
  readonly url: string;
  readonly secret: string;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** Makes ids unique to this run: `msg_<prefix>_<n>` for order `ord_<prefix>_<n>`. */
  readonly prefix: string;
  /** Retries go on this long after the last new event, as a sender's retry schedule would. */
  readonly retryForMs: number;
  readonly retryIntervalMs?: number;
  /** Ctrl-C: no new event is sent, no retry made, and the load rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface SteadyWebhookLoadResult {
  /** Every event id sent, in order; order ids follow from them. */
  readonly sent: readonly string[];
  /** Ids the receiver answered 2xx (202 accepted, or 200 for one it already had). */
  readonly acknowledged: ReadonlySet<string>;
  /** Ids refused for good (4xx other than 408/409/429): a bug in the load, reported, never retried. */
  readonly refused: ReadonlyMap<string, number>;
  readonly attempts: number;
}

/** A status a sender gives up on at once; anything else (network error, 408, 409, 429, 5xx) is retried. */
function isPermanentRefusal(status: number): boolean {
  return status >= 400 && status < 500 && ![408, 409, 429].includes(status);
}

/**
 * Sends new signed `order.created` events at a steady rate, each retried until it is
 * acknowledged, like a Standard Webhooks sender that never gives up — so that a crash of the
 * receiver, the ws-server or MongoDB shows up as retries, never as events the load forgot.
 */
export async function runSteadyWebhookLoad(options: SteadyWebhookLoadOptions): Promise<SteadyWebhookLoadResult> {
  const sent: string[] = [];
  const acknowledged = new Set<string>();
  const refused = new Map<string, number>();
  let attempts = 0;
  const started = Date.now();
  const giveUpAt = started + options.durationMs + options.retryForMs;
  const template = buildSampleEvents(1)[0]!;
  const deliveries: Array<Promise<void>> = [];

  const deliver = async (n: number) => {
    const id = `msg_${options.prefix}_${n}`;
    const body = JSON.stringify({ ...template, data: { ...template.data, orderId: `ord_${options.prefix}_${n}` } });
    while (Date.now() < giveUpAt && options.signal?.aborted !== true) {
      attempts++;
      const headers = buildWebhookHeaders({
        id,
        timestamp: Math.floor(Date.now() / 1000),
        body,
        secret: options.secret,
      });
      const status = await fetch(options.url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
        signal: AbortSignal.any([
          AbortSignal.timeout(10_000),
          ...(options.signal === undefined ? [] : [options.signal]),
        ]),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      );
      if (status >= 200 && status < 300) return void acknowledged.add(id);
      if (isPermanentRefusal(status)) return void refused.set(id, status);
      await sleep(options.retryIntervalMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
    }
  };

  while (Date.now() - started < options.durationMs) {
    const due = Math.floor(((Date.now() - started) / 1000) * options.ratePerSecond);
    while (sent.length < due) {
      sent.push(`msg_${options.prefix}_${sent.length}`);
      deliveries.push(deliver(sent.length - 1));
    }
    options.signal?.throwIfAborted();
    await sleep(5);
  }
  await Promise.all(deliveries);
  options.signal?.throwIfAborted();
  return { sent, acknowledged, refused, attempts };
}
