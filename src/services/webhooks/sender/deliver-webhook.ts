import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { DeliveryAttempt } from '../../../mongo/lab-documents.js';
import { buildWebhookHeaders } from '../signing/sign-webhook.js';
import { isConnectionRefused, type ReceiverRotation } from './receiver-rotation.js';
import { defaultRetryScheduleMs, nextDelayMs } from './retry-schedule.js';

export interface WebhookMessage {
  /** The `webhook-id`: the same on every attempt, so the receiver can deduplicate. */
  readonly id: string;
  /** The exact JSON body; signed as is on every attempt. */
  readonly body: string;
}

export interface DeliverWebhookOptions {
  readonly url: string;
  /** Receiver replicas taken in turn instead of `url` (which is then only what the delivery is recorded as sent to). */
  readonly rotation?: ReceiverRotation;
  readonly secret: string;
  readonly schedule?: readonly number[];
  /** Multiplies every wait (0.01 makes a minute of retries take 0.6 s). */
  readonly timeScale?: number;
  readonly attemptTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly random?: () => number;
  /** Called after each attempt (to record it), and before the wait that follows a failure. */
  readonly onAttempt?: (attempt: DeliveryAttempt, next: { retryInMs?: number; final: boolean }) => Promise<void> | void;
}

export interface DeliveryResult {
  readonly delivered: boolean;
  readonly attempts: readonly DeliveryAttempt[];
  /** Why it was given up (a dead letter), when not delivered. */
  readonly reason?: string;
}

/** How long one attempt waits for the receiver's answer. */
export const defaultAttemptTimeoutMs = 10_000;

type Verdict = 'delivered' | 'retry' | 'stop';

/** 2xx delivers; 408, 429, 5xx, redirects and network errors are retried; 410 and other 4xx stop. */
export function classifyResponse(statusCode: number | undefined): Verdict {
  if (statusCode === undefined) return 'retry';
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500 || (statusCode >= 300 && statusCode < 400))
    return 'retry';
  return 'stop';
}

/**
 * Delivers one message with retries: each attempt is signed afresh (new timestamp, same id),
 * redirects are never followed, Retry-After is honoured, waits follow the schedule with jitter.
 */
export async function deliverWebhook(message: WebhookMessage, options: DeliverWebhookOptions): Promise<DeliveryResult> {
  const schedule = options.schedule ?? defaultRetryScheduleMs;
  const now = options.now ?? (() => new Date());
  const attempts: DeliveryAttempt[] = [];
  for (let number = 1; ; number++) {
    const at = now();
    const headers = buildWebhookHeaders({
      id: message.id,
      timestamp: Math.floor(at.getTime() / 1000),
      body: message.body,
      secret: options.secret,
    });
    const started = performance.now();
    let statusCode: number | undefined;
    let retryAfter: string | undefined;
    let error: string | undefined;
    // A replica that refuses the connection never saw the request: the next one gets it, in the same attempt.
    for (const url of options.rotation?.nextAttempt() ?? [options.url]) {
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'rtlab-webhooks/1', ...headers },
          body: message.body,
          signal: AbortSignal.any([
            AbortSignal.timeout(options.attemptTimeoutMs ?? defaultAttemptTimeoutMs),
            ...(options.signal === undefined ? [] : [options.signal]),
          ]),
        });
        statusCode = response.statusCode;
        const header = response.headers['retry-after'];
        retryAfter = Array.isArray(header) ? header[0] : header;
        error = undefined;
        await response.body.dump();
        break;
      } catch (caught) {
        error =
          (caught as Error).name === 'TimeoutError'
            ? `no response within ${options.attemptTimeoutMs ?? defaultAttemptTimeoutMs} ms`
            : (caught as Error).message;
        if (!isConnectionRefused(caught)) break;
      }
    }
    const attempt: DeliveryAttempt = {
      attempt: number,
      at,
      latencyMs: Math.round(performance.now() - started),
      ...(statusCode === undefined ? {} : { statusCode }),
      ...(error === undefined ? {} : { error }),
    };
    attempts.push(attempt);
    const verdict = classifyResponse(statusCode);
    if (verdict === 'delivered') {
      await options.onAttempt?.(attempt, { final: true });
      return { delivered: true, attempts };
    }
    const retryInMs =
      verdict === 'retry'
        ? nextDelayMs({
            attempt: number,
            schedule,
            timeScale: options.timeScale ?? 1,
            retryAfter,
            now: now(),
            random: options.random ?? Math.random,
          })
        : undefined;
    await options.onAttempt?.(attempt, {
      final: retryInMs === undefined,
      ...(retryInMs === undefined ? {} : { retryInMs }),
    });
    if (retryInMs === undefined || options.signal?.aborted === true) {
      const reason =
        verdict === 'stop'
          ? `the receiver answered ${statusCode}${statusCode === 410 ? ' (Gone): it asked not to be sent more' : ', which is not retried'}`
          : `no success after ${number} attempts (last: ${statusCode ?? error})`;
      return { delivered: false, attempts, reason };
    }
    try {
      await sleep(retryInMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch {
      return { delivered: false, attempts, reason: 'stopped before the next attempt' };
    }
  }
}
