import type { WebhookEventDocument } from '../../../mongo/lab-documents.js';
import { findWebhookEvent } from '../../../mongo/webhook-event-store.js';
import type { HandlingContext } from './handle-claimed-event.js';

/** How often an event handled by another process is read again while a duplicate waits. */
const pollIntervalMs = 100;

/**
 * Waits, at most `waitMs`, for the handling that holds an event to end, and returns the event
 * as it then is. A handling in this process is awaited directly; one in another process (a
 * replica, or a process that died) is watched by reading the event again.
 */
export async function awaitHandling(
  event: WebhookEventDocument,
  context: HandlingContext & { readonly duplicateWaitMs: number },
): Promise<WebhookEventDocument> {
  const deadline = Date.now() + context.duplicateWaitMs;
  const local = context.running.get(event.eventId);
  if (local !== undefined) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, context.duplicateWaitMs)));
    await Promise.race([local.catch(() => undefined), timeout]);
    clearTimeout(timer);
    return (await findWebhookEvent(context.db, event.eventId)) ?? event;
  }
  let latest = event;
  while (latest.status === 'received' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    latest = (await findWebhookEvent(context.db, event.eventId)) ?? latest;
  }
  return latest;
}
