import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { connectMongo } from '../../src/mongo/connect-mongo.js';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import type { OrderChange__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderChange.js';
import { loadOrderService } from '../../src/services/grpc/load-order-service.js';
import { startGrpcServer } from '../../src/services/grpc/server/start-grpc-server.js';
import { freePort } from '../helpers/free-port.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually, readLoggedMessages } from '../helpers/webhook-lab.js';
import { killHard, useChildEngines } from '../mongo-lite/serve-in-child.js';
import { headersOf, unary } from './grpc-calls.js';
import { bearer } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';
import { testJwtSecret } from './test-tokens.js';

/** A watcher's changes and, once it ended, how. */
function follow(stream: NodeJS.EventEmitter) {
  const seen: { changes: OrderChange__Output[]; error?: ServiceError } = { changes: [] };
  stream.on('data', (change: OrderChange__Output) => seen.changes.push(change));
  stream.on('error', (error: ServiceError) => (seen.error = error));
  return seen;
}

describe('WatchOrders across a kill -9 and restart of the MongoDB engine', () => {
  const tempDir = useTempDir('rtlab-grpc-watch-');
  const engines = useChildEngines();

  it('a watcher resumes across a restart on the same data, missing nothing; one whose history is gone is told so, and a new watcher sees new orders', async () => {
    const cwd = tempDir();
    const dbPath = path.join(cwd, 'db');
    const port = String(await freePort());
    let engine = await engines.serve(cwd, dbPath, { args: ['--port', port] });
    const connection = await connectMongo({ url: engine.uri, dbName: 'realtime_labs' });
    const logDir = path.join(cwd, 'logs');
    const logs = createLoggerFactory({ logDir, level: 'debug', console: false });
    const server = await startGrpcServer({
      port: 0,
      db: connection.db,
      jwtSecret: testJwtSecret,
      publisher: { publish: () => undefined },
      logger: logs.forService('grpc-server'),
      healthIntervalMs: 200,
    });
    const { OrderService } = loadOrderService().proto.rtlab.orders.v1;
    const client = new OrderService(`127.0.0.1:${server.port}`, credentials.createInsecure());
    try {
      const before = client.watchOrders({}, bearer());
      const seenBefore = follow(before);
      await headersOf(before);
      const first = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
      await eventually(
        () => seenBefore.changes,
        (changes) => changes.length === 1,
      );
      expect(seenBefore.changes.map((change) => change.orderId)).toEqual([first.id]);

      // Restarted on its data, the engine still has the change history: the watcher resumes after
      // its last change and sees the next order, told of nothing missing because nothing is.
      await killHard(engine.child);
      engine = await engines.serve(cwd, dbPath, { args: ['--port', port] });
      const resumed = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
      await eventually(
        () => seenBefore.changes,
        (changes) => changes.length === 2,
        20_000,
      );
      expect(seenBefore.changes.map((change) => change.orderId)).toEqual([first.id, resumed.id]);
      expect(seenBefore.error).toBeUndefined();

      // Restarted on a new data directory, its history begins again: the watcher that was promised
      // every change is told it may have missed some.
      await killHard(engine.child);
      engine = await engines.serve(cwd, path.join(cwd, 'db-new'), { args: ['--port', port] });
      await eventually(
        () => seenBefore.error,
        (error) => error !== undefined,
        20_000,
      );
      expect(seenBefore.error).toMatchObject({
        code: status.UNAVAILABLE,
        details: expect.stringMatching(/changes may have been missed; list orders again and watch again/),
      });

      const after = client.watchOrders({}, bearer());
      const seenAfter = follow(after);
      await headersOf(after);
      const second = await unary<Order__Output>((done) => client.createOrder(orderRequest(), bearer(), done));
      await eventually(
        () => seenAfter.changes,
        (changes) => changes.length === 1,
        10_000,
      );
      expect(seenAfter.changes.map((change) => change.orderId)).toEqual([second.id]);
      after.cancel();
      expect(await readLoggedMessages(logs, logDir, 'grpc-server')).toContainEqual(
        expect.objectContaining({ message: 'WatchOrders lost MongoDB change history; following changes from now' }),
      );
    } finally {
      client.close();
      await server.stop();
      await connection.close();
      logs.close();
    }
  }, 60_000);
});
