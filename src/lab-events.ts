/**
 * What the lab's services say to their clients, shared by the services, the CLI and the browser
 * dashboard. No imports, so that the browser bundle can use these types too.
 */

/** An order's life: created, then paid, then shipped; it can be cancelled until it ships. */
export type OrderStatus = 'created' | 'paid' | 'shipped' | 'cancelled';
/** Which part of the lab changed an order. */
export type OrderSource = 'webhook' | 'grpc' | 'http' | 'cli';

/** An order change, as stored in `notifications` and sent to `/notifications` clients. */
export interface OrderUpdate {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly source: OrderSource;
  readonly eventId: string;
  /** ISO 8601 time of the change. */
  readonly at: string;
}

/**
 * An order change as `/notifications` clients receive it: `seq` is its position in the stored
 * feed (increasing, not contiguous). A client that reconnects sends the last one it saw as
 * `auth.lastSeq` and is replayed what came after it.
 */
export interface NotificationUpdate extends OrderUpdate {
  readonly seq: number;
}

/** Sent instead of a replay when a client missed more than the server replays: reload from `notifications:recent`. */
export interface NotificationsReset {
  readonly reason: 'too_many_missed' | 'unknown_position';
  /** The most updates the server replays. */
  readonly maxReplay: number;
}

/** A chat message, as `/chat` clients receive it. */
export interface ChatMessage {
  readonly messageId: string;
  readonly room: string;
  readonly user: string;
  readonly text: string;
  readonly createdAt: string;
}
