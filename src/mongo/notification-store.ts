import type { Db, ObjectId } from 'mongodb';
import type { OrderUpdate } from './lab-documents.js';

interface NotificationDocument extends OrderUpdate {
  _id?: ObjectId;
  storedAt: Date;
}

export async function insertNotification(db: Db, update: OrderUpdate): Promise<void> {
  await db.collection<NotificationDocument>('notifications').insertOne({ ...update, storedAt: new Date() });
}

/** The latest notifications, newest first. */
export async function latestNotifications(db: Db, limit: number): Promise<OrderUpdate[]> {
  const documents = await db.collection<NotificationDocument>('notifications').find({}, { sort: { at: -1, _id: -1 }, limit }).toArray();
  return documents.map(({ orderId, status, source, eventId, at }) => ({ orderId, status, source, eventId, at }));
}
