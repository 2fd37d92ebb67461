import type { ChatMessage, NotificationsReset, NotificationUpdate, OrderUpdate } from '../../lab-events.js';

/** The ws-server's events, as the server, the CLI and the dashboard see them. */

/** A page of `chat:history`, newest first. */
export interface ChatHistoryPage {
  readonly messages: ChatMessage[];
  readonly nextCursor: string | null;
}

/** Every acknowledgement either succeeds or names what was wrong. */
export type Ack<T> = (reply: T | { readonly error: string; readonly message?: string }) => void;

export interface ChatSendPayload {
  readonly text: string;
  readonly user: string;
  readonly room?: string;
}

export interface ChatHistoryPayload {
  readonly before?: string;
  readonly limit?: number;
  readonly room?: string;
}

/** `/chat`: what clients send, and what the server sends them. */
export interface ChatClientToServer {
  'chat:message': (payload: ChatSendPayload, ack: Ack<{ messageId: string; createdAt: string }>) => void;
  'chat:history': (payload: ChatHistoryPayload, ack: Ack<ChatHistoryPage>) => void;
  'chat:join': (room: string, ack: Ack<{ room: string }>) => void;
}
export interface ChatServerToClient {
  'chat:message': (message: ChatMessage) => void;
}

/**
 * `/notifications`: the latest on a first connect (newest first), or what was missed after
 * `auth.lastSeq` (oldest first, as `order:update`), then every change live, in `seq` order.
 */
export interface NotificationsServerToClient {
  'notifications:recent': (updates: NotificationUpdate[]) => void;
  /** The client missed more than the server replays: drop what it shows; `notifications:recent` follows. */
  'notifications:reset': (reset: NotificationsReset) => void;
  'order:update': (update: NotificationUpdate) => void;
}

/** What a `/notifications` client may send in its handshake besides its token. */
export interface NotificationsAuth {
  readonly token: string;
  /** The `seq` of the last update it saw. */
  readonly lastSeq?: number;
}

/** `/internal`: services publish order changes; the ack comes once it is stored. */
export interface InternalClientToServer {
  'order:update': (update: OrderUpdate, ack: Ack<{ ok: true }>) => void;
  /** Many at once; invalid ones are listed in `rejected` and the others stored. */
  'order:updates': (
    updates: OrderUpdate[],
    ack: Ack<{ ok: true; rejected?: Array<{ index: number; message: string }> }>,
  ) => void;
}
