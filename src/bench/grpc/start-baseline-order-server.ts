import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { LabDb } from '../../mongo/connect-mongo.js';
import type { OrderDocument } from '../../mongo/lab-documents.js';
import type { CreateOrderRequest__Output } from '../../services/grpc/generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { Order } from '../../services/grpc/generated/rtlab/orders/v1/Order.js';
import { loadOrderService } from '../../services/grpc/load-order-service.js';
import { toProtoOrder } from '../../services/grpc/order-mapping.js';
import { toBenchOrderDocument } from './bench-orders.js';

export interface StartBaselineOrderServerOptions {
  /**
   * Without it, the bare echo: CreateOrder answers an order made from the request, GetOrder a
   * fixed order, GetOrders streams `streamed` — grpc-js's own cost, the limit. With it, the
   * seed-style server: no auth, no validation, one awaited `insertOne` per CreateOrder and one
   * `findOne` per GetOrder, as a user writes it first.
   */
  readonly db?: LabDb;
  /** What the bare GetOrders streams (the same messages rtlab's streams out of MongoDB). */
  readonly streamed?: readonly Order[];
}

export interface StartedBaselineOrderServer {
  readonly target: string;
  stop(): Promise<void>;
}

/** The gRPC benchmark's baselines: OrderService on bare grpc-js, with no interceptor. */
export async function startBaselineOrderServer(
  options: StartBaselineOrderServerOptions,
): Promise<StartedBaselineOrderServer> {
  const { proto } = loadOrderService();
  const server = new Server();
  const orders = options.db?.collection<OrderDocument>('orders');
  const fixed = toProtoOrder(
    toBenchOrderDocument({ customerEmail: 'echo@example.com', customerName: '', items: [], currency: 'USD' }),
  );
  const handlers: UntypedServiceImplementation = {
    CreateOrder: (call: ServerUnaryCall<CreateOrderRequest__Output, Order>, callback: sendUnaryData<Order>) => {
      const order = toBenchOrderDocument(call.request);
      if (orders === undefined) return callback(null, toProtoOrder(order));
      orders.insertOne(order).then(
        () => callback(null, toProtoOrder(order)),
        (error: Error) => callback({ code: status.INTERNAL, details: error.message }),
      );
    },
    GetOrder: (call: ServerUnaryCall<{ id: string }, Order>, callback: sendUnaryData<Order>) => {
      if (orders === undefined) return callback(null, { ...fixed, id: call.request.id });
      orders.findOne({ orderId: call.request.id }).then(
        (order) =>
          order === null
            ? callback({ code: status.NOT_FOUND, details: 'no such order' })
            : callback(null, toProtoOrder(order)),
        (error: Error) => callback({ code: status.INTERNAL, details: error.message }),
      );
    },
    GetOrders: (call: ServerWritableStream<unknown, Order>) => void streamAll(call, options.streamed ?? []),
  };
  server.addService(proto.rtlab.orders.v1.OrderService.service, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error === null ? resolve(bound) : reject(error),
    ),
  );
  return {
    target: `127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** Writes every message, waiting for 'drain' when the transport's buffer is full, as rtlab's GetOrders does. */
async function streamAll(call: ServerWritableStream<unknown, Order>, messages: readonly Order[]): Promise<void> {
  for (const message of messages) {
    if (call.cancelled) return;
    if (!call.write(message)) await new Promise((resolve) => call.once('drain', resolve));
  }
  call.end();
}
