import type { Db } from 'mongodb';
import type { OrderUpdate } from '../lab-events.js';
import type { OutboxDocument } from './lab-documents.js';

/** A pending outbox entry as the relay reads it: the change, and when it was written. */
export interface PendingOutboxEntry {
  readonly update: OrderUpdate;
  readonly createdAt: Date;
}

/** Which pending entries to read: those written in (`after`, `before`), at most `limit`. */
export interface PendingOutboxRead {
  readonly before: Date;
  readonly after?: Date;
  readonly limit: number;
}

/**
 * Where outbox entries are kept. The relay reads the pending ones of every place and marks each
 * entry where it was found: the `outbox` collection, for the gRPC server's changes, and the
 * webhook events, which carry their own (one document fewer per event). An entry is keyed by its
 * change's `eventId` in either place.
 */
export interface OutboxPlace {
  /** The collection, for log lines and tests. */
  readonly name: 'outbox' | 'webhook_events';
  /**
   * Entries not yet acknowledged by the ws-server, written before `before` (and after `after`,
   * when given: where the previous read stopped), oldest first.
   */
  readPending(db: Db, options: PendingOutboxRead): Promise<PendingOutboxEntry[]>;
  /** Marks entries delivered (the ws-server stored them), in one write. */
  markSent(db: Db, keys: readonly string[], now: Date): Promise<void>;
  /** Marks an entry the ws-server refused for good: done, but not counted as delivered. */
  markRefused(db: Db, key: string, reason: string, now: Date): Promise<void>;
  /** How many entries of this place are in `status`. */
  count(db: Db, status: OutboxDocument['status']): Promise<number>;
}
