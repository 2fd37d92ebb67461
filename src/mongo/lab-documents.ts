import type { ObjectId } from 'mongodb';
import type { OrderSource, OrderStatus, OrderUpdate } from '../lab-events.js';

export interface OrderItem {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface OrderDocument {
  _id?: ObjectId;
  orderId: string;
  customerEmail: string;
  customerName: string;
  items: OrderItem[];
  total: number;
  currency: string;
  status: OrderStatus;
  source: OrderSource;
  createdAt: Date;
  updatedAt: Date;
  history: Array<{ status: OrderStatus; at: Date; source: OrderSource; eventId?: string }>;
}

/** A webhook as the receiver stored it, under its `webhook-id`. */
export interface WebhookEventDocument {
  _id?: ObjectId;
  eventId: string;
  type: string;
  payload: { type: string; data: Record<string, unknown>; createdAt: string };
  /** SHA-256 of the raw body: a repeated id with another body is told apart. */
  payloadHash: string;
  status: 'received' | 'processed' | 'failed';
  /** How many times a handler ran for it. */
  handlings: number;
  error?: string;
  receivedAt: Date;
  /** When its current handling began: the lease runs from here. */
  claimedAt: Date;
  processedAt?: Date;
  /**
   * The `order:update` its handling produced, waiting for (or already handed to) the ws-server:
   * written by the same update that marks the event `processed`, so a processed event never lacks
   * it, and at no cost of a document of its own. Its time is `processedAt`.
   */
  outbox?: EventOutboxEntry;
}

/** A webhook event's outbox entry: the change, and where its delivery stands (as an `OutboxDocument`'s). */
export interface EventOutboxEntry {
  update: OrderUpdate;
  status: OutboxDocument['status'];
  sentAt?: Date;
  refusedAt?: Date;
  refusedReason?: string;
}

/**
 * A change waiting to be (or already) delivered to the ws-server, written by the service that
 * made the change before it acknowledges anything (the gRPC server; a webhook's change is carried
 * by its event, see `EventOutboxEntry`). `key` is the change's `eventId`, so writing
 * the same change twice (a handling re-run after a crash) keeps one entry.
 */
export interface OutboxDocument {
  _id?: ObjectId;
  key: string;
  update: OrderUpdate;
  /** `refused`: the ws-server refused the update for good (never published; `refusedReason` says why). */
  status: 'pending' | 'sent' | 'refused';
  createdAt: Date;
  sentAt?: Date;
  refusedAt?: Date;
  refusedReason?: string;
}

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: Date;
  readonly statusCode?: number;
  readonly latencyMs: number;
  readonly error?: string;
}

/** One message the sender delivers: every attempt, and how it ended. */
export interface WebhookDeliveryDocument {
  _id?: ObjectId;
  deliveryId: string;
  eventId: string;
  type: string;
  url: string;
  /** The exact JSON body delivered (re-signed per attempt, never re-serialised). */
  body: string;
  status: 'pending' | 'delivered' | 'dead';
  reason?: string;
  /** While pending: by when its sender will have written again; past it, the sender is gone. */
  settleBy?: Date;
  attempts: DeliveryAttempt[];
  createdAt: Date;
  updatedAt: Date;
}
