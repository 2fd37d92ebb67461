import type { Db } from 'mongodb';
import type { DeliveryAttempt, WebhookDeliveryDocument } from './lab-documents.js';

const deliveries = (db: Db) => db.collection<WebhookDeliveryDocument>('webhook_deliveries');

export async function createDelivery(db: Db, delivery: Pick<WebhookDeliveryDocument, 'deliveryId' | 'eventId' | 'type' | 'url' | 'body'>, now: Date): Promise<void> {
  await deliveries(db).insertOne({ ...delivery, status: 'pending', attempts: [], createdAt: now, updatedAt: now });
}

export async function recordDeliveryAttempt(db: Db, deliveryId: string, attempt: DeliveryAttempt): Promise<void> {
  await deliveries(db).updateOne({ deliveryId }, { $push: { attempts: attempt }, $set: { updatedAt: attempt.at } });
}

export async function finishDelivery(db: Db, deliveryId: string, outcome: { status: 'delivered' } | { status: 'dead'; reason: string }, now: Date): Promise<void> {
  await deliveries(db).updateOne({ deliveryId }, { $set: { ...outcome, updatedAt: now } });
}

export function listDeliveries(db: Db, filter: { dead?: boolean; eventId?: string; limit: number }): Promise<WebhookDeliveryDocument[]> {
  const query = { ...(filter.dead === true ? { status: 'dead' as const } : {}), ...(filter.eventId === undefined ? {} : { eventId: filter.eventId }) };
  return deliveries(db).find(query, { sort: { updatedAt: -1 }, limit: filter.limit }).toArray();
}

/** By delivery id, or the latest delivery of an event id. */
export async function findDelivery(db: Db, id: string): Promise<WebhookDeliveryDocument | null> {
  return (await deliveries(db).findOne({ deliveryId: id })) ?? (await deliveries(db).findOne({ eventId: id }, { sort: { updatedAt: -1 } }));
}
