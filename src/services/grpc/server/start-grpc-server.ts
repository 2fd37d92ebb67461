import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import type { OrderUpdatePublisher } from '../../order-update-publisher.js';
import { loadOrderService, orderServiceName } from '../load-order-service.js';
import type { SlowReaderBound } from './bounded-stream-writer.js';
import { createServerCallInterceptor } from './server-call-interceptor.js';
import { createOrderChangeFeed } from './order-change-feed.js';
import { createOrderChatRooms } from './order-chat-rooms.js';
import { loadReflectionDefinition } from './load-reflection-definition.js';
import { createOrderServiceHandlers } from './order-service-handlers.js';
import { withCheckedRequestText } from './checked-request-text.js';
import { maxSendMessageBytes } from './grpc-message-limits.js';
import { withEncodedOrderMessages } from './encoded-order-messages.js';
import { startMongoHealthWatch } from './start-mongo-health-watch.js';
import { startOrderOutboxSweep } from './sweep-order-outbox.js';

/** Options of the gRPC OrderService server (port 50051 in the lab). */
export interface GrpcServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly db: LabDb;
  /** `JWT_SECRET`: the HS256 key every OrderService call's token must be signed with. */
  readonly jwtSecret: string;
  /** The outbox relay: changes are written to `outbox`, then handed to it to send. */
  readonly publisher: OrderUpdatePublisher;
  readonly logger: Logger;
  /** How often MongoDB is pinged for the health service (default 1 s). */
  readonly healthIntervalMs?: number;
  /** How often orders stored without their notification are looked for (default 5 s; also at start). */
  readonly outboxSweepIntervalMs?: number;
  /** How far a WatchOrders or ChatOrders reader may fall behind before it is dropped (default 8 MiB for 5 s). */
  readonly slowReaderBound?: SlowReaderBound;
}

export interface StartedGrpcServer {
  readonly port: number;
  /** Marks the server NOT_SERVING, ends open streams, closes the port; idempotent. */
  stop(): Promise<void>;
}

/**
 * Bounds: a request is an order of at most 100 items (a few KiB); 1 MiB refuses abuse with
 * RESOURCE_EXHAUSTED long before memory matters. Keepalive pings find dead peers of idle
 * streams (WatchOrders, ChatOrders) in under a minute; clients may ping every 10 s.
 */
const serverOptions = {
  'grpc.max_receive_message_length': 1024 * 1024,
  'grpc.max_send_message_length': maxSendMessageBytes,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 10_000,
};

export async function startGrpcServer(options: GrpcServerOptions): Promise<StartedGrpcServer> {
  const { proto, definition } = loadOrderService();
  const { logger } = options;
  const server = new Server({
    ...serverOptions,
    interceptors: [createServerCallInterceptor(logger, options.jwtSecret)],
  });
  const changes = createOrderChangeFeed(options.db, logger);
  const context = {
    db: options.db,
    publisher: options.publisher,
    logger,
    changes,
    chatRooms: createOrderChatRooms(),
    now: () => new Date(),
    ...(options.slowReaderBound === undefined ? {} : { slowReaderBound: options.slowReaderBound }),
  };
  const handlers = createOrderServiceHandlers(context);
  const service = withCheckedRequestText(proto.rtlab.orders.v1.OrderService.service, definition, 'rtlab.orders.v1');
  server.addService(withEncodedOrderMessages(service), handlers);
  const health = new HealthImplementation({ '': 'SERVING', [orderServiceName]: 'SERVING' });
  health.addToServer(server);
  const setHealth = (status: 'SERVING' | 'NOT_SERVING') => {
    health.setStatus('', status);
    health.setStatus(orderServiceName, status);
  };
  new ReflectionService(loadReflectionDefinition()).addToServer(server);

  const host = options.host ?? '127.0.0.1';
  const port = await bind(server, `${host.includes(':') ? `[${host}]` : host}:${options.port}`);
  const mongoWatch = startMongoHealthWatch(options.db, {
    intervalMs: options.healthIntervalMs ?? 1000,
    logger,
    onChange: (reachable) => setHealth(reachable ? 'SERVING' : 'NOT_SERVING'),
  });
  const outboxSweep = startOrderOutboxSweep(context, options.outboxSweepIntervalMs ?? 5000);
  logger.info(`gRPC server listening on port ${port}`, { port, host, rpcService: orderServiceName });
  let stopping: Promise<void> | undefined;
  return {
    port,
    stop: () =>
      (stopping ??= (async () => {
        mongoWatch.stop();
        setHealth('NOT_SERVING');
        await outboxSweep.stop();
        await changes.stop();
        await new Promise<void>((resolve) => {
          // Unary calls in flight finish; streams that would never end (watchers) are cut after a grace.
          const force = setTimeout(() => server.forceShutdown(), 2000);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
      })()),
  };
}

/** Binds and reports the port; a busy port is an EADDRINUSE error, as Node's own listen gives it. */
function bind(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
      if (error === null) resolve(port);
      else reject(/EADDRINUSE/.test(error.message) ? Object.assign(error, { code: 'EADDRINUSE' }) : error);
    });
  });
}
