import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import type { OrderUpdatePublisher } from '../../order-update-publisher.js';
import type { OrderChangeFeed } from './order-change-feed.js';
import type { SlowReaderBound } from './bounded-stream-writer.js';
import type { OrderChatRooms } from './order-chat-rooms.js';

/** What every OrderService handler works with. */
export interface GrpcHandlerContext {
  readonly db: LabDb;
  /** The outbox relay: a change is written to `outbox`, then handed to it to send now. */
  readonly publisher: OrderUpdatePublisher;
  readonly logger: Logger;
  /** Live changes from every domain, one reader per server shared by every WatchOrders stream. */
  readonly changes: OrderChangeFeed;
  /** The ChatOrders streams open on each order. */
  readonly chatRooms: OrderChatRooms;
  readonly now: () => Date;
  /** How far a watcher or chat participant may fall behind before it is dropped (default 8 MiB for 5 s). */
  readonly slowReaderBound?: SlowReaderBound;
}
