import type { Db, ObjectId } from 'mongodb';
import type { OrderUpdate } from './lab-documents.js';
import { writeBatcherFor } from './write-batcher.js';

interface NotificationDocument extends OrderUpdate {
  _id?: ObjectId;
  storedAt: Date;
}

/** Stores a notification; concurrent ones are written together (group commit). */
export async function insertNotification(db: Db, update: OrderUpdate): Promise<void> {
  const document: NotificationDocument = { ...update, storedAt: new Date() };
  await writeBatcherFor(db).insertOne('notifications', document);
}

/** The latest notifications, newest first. */
export async function latestNotifications(db: Db, limit: number): Promise<OrderUpdate[]> {
  const documents = await db.collection<NotificationDocument>('notifications').find({}, { sort: { at: -1, _id: -1 }, limit }).toArray();
  return documents.map(({ orderId, status, source, eventId, at }) => ({ orderId, status, source, eventId, at }));
}
