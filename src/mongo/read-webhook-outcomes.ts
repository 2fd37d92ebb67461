import type { Db } from 'mongodb';
import type { WebhookEventDocument } from './lab-documents.js';

export interface WebhookOutcome {
  readonly status: WebhookEventDocument['status'];
  readonly error?: string;
}

/** The handling status of each of these events the receiver stored, in one query; unknown ids are absent. */
export async function readWebhookOutcomes(db: Db, eventIds: readonly string[]): Promise<Map<string, WebhookOutcome>> {
  const found = await db
    .collection<WebhookEventDocument>('webhook_events')
    .find({ eventId: { $in: [...eventIds] } }, { projection: { _id: 0, eventId: 1, status: 1, error: 1 } })
    .toArray();
  return new Map(
    found.map((event) => [
      event.eventId,
      { status: event.status, ...(event.error === undefined ? {} : { error: event.error }) },
    ]),
  );
}
