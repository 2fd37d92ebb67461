import path from 'node:path';
import { credentials, Metadata, type CallOptions, type ChannelOptions } from '@grpc/grpc-js';
import { afterEach } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import type { MongoConnection } from '../../src/mongo/connect-mongo.js';
import type { StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import type { OrderServiceClient } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderService.js';
import { loadOrderService } from '../../src/services/grpc/load-order-service.js';
import type { SlowReaderBound } from '../../src/services/grpc/server/bounded-stream-writer.js';
import { startGrpcServer, type StartedGrpcServer } from '../../src/services/grpc/server/start-grpc-server.js';
import { startOutboxRelay } from '../../src/services/ws/start-outbox-relay.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { startSocketIoSink } from '../helpers/socket-io-sink.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { readLoggedMessages } from '../helpers/webhook-lab.js';
import { testJwtSecret, tokens } from './test-tokens.js';

const internalToken = 'internal-token-for-grpc-tests-0123';

export interface GrpcServerLab {
  readonly mongo: StartedMongoLite;
  readonly connection: MongoConnection;
  readonly server: StartedGrpcServer;
  readonly target: string;
  /** Updates the outbox relay delivered to the (stand-in) ws-server. */
  readonly notifications: unknown[];
  /** A new client of the server (closed after the test), with grpc-js channel options if given. */
  client(options?: ChannelOptions): OrderServiceClient;
  /** The messages the server logged so far, in order. */
  logMessages(): Promise<Array<{ message: string; [key: string]: unknown }>>;
}

/** Metadata with `authorization: Bearer <token>` (a writer's token by default). */
export function bearer(token: string = tokens.writer()): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

export function withDeadline(ms: number): CallOptions {
  return { deadline: new Date(Date.now() + ms) };
}

/** MongoDB (embedded), the gRPC server on port 0 with its real outbox relay, and log files, per test. */
export function useGrpcServerLab(): (options?: {
  healthIntervalMs?: number;
  outboxSweepIntervalMs?: number;
  slowReaderBound?: SlowReaderBound;
}) => Promise<GrpcServerLab> {
  const tempDir = useTempDir('rtlab-grpc-');
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const logDir = path.join(tempDir(), 'logs');
    const logs = createLoggerFactory({ logDir, level: 'debug', console: false });
    const logger = logs.forService('grpc-server');
    const { mongo, connection, stop: stopDatabase } = await startLabDatabase();
    const sink = await startSocketIoSink(internalToken);
    const publisher = startOutboxRelay({
      db: connection.db,
      wsServerUrl: sink.url,
      internalToken,
      logger,
      pollIntervalMs: 200,
    });
    const server = await startGrpcServer({
      port: 0,
      db: connection.db,
      jwtSecret: testJwtSecret,
      publisher,
      logger,
      healthIntervalMs: options.healthIntervalMs ?? 200,
      outboxSweepIntervalMs: options.outboxSweepIntervalMs,
      ...(options.slowReaderBound === undefined ? {} : { slowReaderBound: options.slowReaderBound }),
    });
    const clients: OrderServiceClient[] = [];
    cleanups.push(async () => {
      for (const client of clients) client.close();
      await server.stop();
      await publisher.stop();
      await sink.stop();
      await stopDatabase();
      logs.close();
    });
    const target = `127.0.0.1:${server.port}`;
    return {
      mongo,
      connection,
      server,
      target,
      notifications: sink.updates,
      client(channelOptions) {
        const { proto } = loadOrderService();
        const client = new proto.rtlab.orders.v1.OrderService(target, credentials.createInsecure(), channelOptions);
        clients.push(client);
        return client;
      },
      logMessages: () => readLoggedMessages(logs, logDir, 'grpc-server'),
    };
  };
}
