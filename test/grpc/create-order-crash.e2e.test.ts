import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDocument, OutboxDocument } from '../../src/mongo/lab-documents.js';
import { createOrderClient } from '../../src/services/grpc/client/create-order-client.js';
import { OrderCallError } from '../../src/services/grpc/client/order-call-error.js';
import { useChildProcesses } from '../helpers/child-processes.js';
import { freePort } from '../helpers/free-port.js';
import { startLabDatabase } from '../helpers/lab-database.js';
import { serveService } from '../helpers/serve-service.js';
import { startSocketIoSink } from '../helpers/socket-io-sink.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { eventually } from '../helpers/webhook-lab.js';
import { orderRequest } from './sample-orders.js';
import { testJwtSecret } from './test-tokens.js';

const internalToken = 'internal-token-for-grpc-crash-0123456789';
const logicalCalls = 300;

describe('CreateOrder across a kill -9 of the gRPC server', () => {
  const tempDir = useTempDir('rtlab-grpc-crash-');
  const children = useChildProcesses();
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('every acknowledged order exists once, retries with the same key create nothing more, and every stored order is notified', async () => {
    const database = await startLabDatabase();
    cleanups.push(() => database.stop());
    const sink = await startSocketIoSink(internalToken);
    cleanups.push(() => sink.stop());
    const cwd = tempDir();
    const env = {
      MONGO_URL: database.mongo.uri,
      JWT_SECRET: testJwtSecret,
      WS_INTERNAL_TOKEN: internalToken,
      WS_SERVER_URL: sink.url,
      GRPC_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    };
    children.push(await serveService('grpc-server', cwd, env));
    const client = createOrderClient({ target: `127.0.0.1:${env.GRPC_PORT}`, auth: { secret: testJwtSecret } });
    cleanups.push(async () => client.close());
    const db = database.connection.db;

    // 300 logical calls, 20 at a time. Each keeps its key: the channel's own retries resend it, and
    // once those are spent on a server still down, the caller runs the call again with the same key.
    const acknowledged = new Map<string, string>();
    const keys = Array.from({ length: logicalCalls }, () => randomUUID());
    let next = 0;
    const caller = async () => {
      while (next < keys.length) {
        const index = next++;
        const key = keys[index]!;
        for (;;) {
          try {
            const order = await client.createOrder(orderRequest({ customerEmail: `c${index}@example.com` }), {
              idempotencyKey: key,
              deadlineMs: 5000,
            });
            acknowledged.set(key, order.id);
            break;
          } catch (error) {
            if (!(error instanceof OrderCallError) || !['UNAVAILABLE', 'DEADLINE_EXCEEDED'].includes(error.statusName))
              throw error;
            await sleep(100);
          }
        }
      }
    };
    const callers = Array.from({ length: 20 }, caller);
    await eventually(
      () => db.collection('orders').countDocuments(),
      (count) => count >= 80,
      30_000,
    );
    const server = children.pop() as ChildProcess;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await exited;
    children.push(await serveService('grpc-server', cwd, env));
    await Promise.all(callers);

    expect(acknowledged.size).toBe(logicalCalls);
    const orders = await db.collection<OrderDocument & { idempotencyKey?: string }>('orders').find({}).toArray();
    // Nothing twice: one order per logical call, and it is the one its caller was answered with.
    expect(orders).toHaveLength(logicalCalls);
    expect(orders.filter((order) => acknowledged.get(order.idempotencyKey ?? '') !== order.orderId)).toEqual([]);
    // No order without its notification: the sweep of the restarted server writes what the kill left out.
    const outbox = db.collection<OutboxDocument>('outbox');
    const createdEvents = orders.map((order) => order.history[0]!.eventId!);
    const sent = await eventually(
      () => outbox.countDocuments({ key: { $in: createdEvents }, status: 'sent' }),
      (count) => count === logicalCalls,
      30_000,
    );
    expect(sent).toBe(logicalCalls);
    expect(
      await eventually(
        () => db.collection('orders').countDocuments({ outboxPending: true }),
        (count) => count === 0,
      ),
    ).toBe(0);
  }, 180_000);
});
