import { setTimeout as sleep } from 'node:timers/promises';
import type { LabConfig } from '../config/lab-config.js';
import { ConfigError } from '../errors.js';
import type { LabDb, MongoConnection } from '../mongo/connect-mongo.js';
import { readWebhookOutcomes } from '../mongo/read-webhook-outcomes.js';
import { connectLabMongo } from './connect-lab-mongo.js';

/** What became of a delivered event at the receiver. */
export type HandlingOutcome =
  | { readonly status: 'processed' }
  | { readonly status: 'failed'; readonly error: string }
  /** Still `received` (or not yet stored) when the wait ran out. */
  | { readonly status: 'pending' }
  /** The lab's MongoDB could not be read. */
  | { readonly status: 'unknown'; readonly reason: string };

export interface WaitForWebhookOutcomesOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * The lab's MongoDB for the webhooks CLI: deliveries are recorded there (so that `replay` finds
 * them) and outcomes read from it. Undefined, with the reason, when it cannot be reached (the
 * receiver uses another MongoDB, say): the command then delivers without recording.
 */
export async function tryConnectLab(
  config: LabConfig,
): Promise<{ connection: MongoConnection } | { connection: undefined; reason: string }> {
  try {
    return { connection: await connectLabMongo(config) };
  } catch (error) {
    // An invalid MONGO_* setting is the user's to fix (exit 2), not a MongoDB that cannot be reached.
    if (error instanceof ConfigError) throw error;
    return { connection: undefined, reason: (error as Error).message };
  }
}

/**
 * A 2xx from the receiver means "stored", not "handled": reads each event's status from
 * `webhook_events` until it is `processed` or `failed`, one query per round for all of them.
 */
export async function waitForWebhookOutcomes(
  db: LabDb,
  eventIds: readonly string[],
  options: WaitForWebhookOutcomesOptions,
): Promise<Map<string, HandlingOutcome>> {
  const outcomes = new Map<string, HandlingOutcome>();
  try {
    const deadline = Date.now() + options.timeoutMs;
    let waitMs = 20;
    for (;;) {
      const pending = eventIds.filter((id) => !outcomes.has(id));
      const read = await readWebhookOutcomes(db, pending);
      for (const [id, event] of read) {
        if (event.status === 'processed') outcomes.set(id, { status: 'processed' });
        if (event.status === 'failed')
          outcomes.set(id, { status: 'failed', error: event.error ?? 'no reason recorded' });
      }
      if (outcomes.size === eventIds.length || Date.now() >= deadline || options.signal?.aborted === true) break;
      await sleep(waitMs);
      waitMs = Math.min(waitMs * 2, 250);
    }
  } catch (error) {
    for (const id of eventIds)
      if (!outcomes.has(id)) outcomes.set(id, { status: 'unknown', reason: (error as Error).message });
  }
  for (const id of eventIds) if (!outcomes.has(id)) outcomes.set(id, { status: 'pending' });
  return outcomes;
}
