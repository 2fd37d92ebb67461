import type { Db, ObjectId } from 'mongodb';
import { writeBatcherFor } from './write-batcher.js';

/** One ChatOrders message, as stored in `order_chat_messages`. */
export interface OrderChatMessageDocument {
  _id?: ObjectId;
  orderId: string;
  author: string;
  text: string;
  sentAt: Date;
}

/** Stores one message (batched with concurrent writes); resolves once it is durable. */
export async function insertOrderChatMessage(db: Db, message: OrderChatMessageDocument): Promise<void> {
  await writeBatcherFor(db).insertOne('order_chat_messages', message);
}
