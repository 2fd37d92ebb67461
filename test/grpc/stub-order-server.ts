import { Server, ServerCredentials, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { OrderServiceHandlers } from '../../src/services/grpc/generated/rtlab/orders/v1/OrderService.js';
import { loadOrderService } from '../../src/services/grpc/load-order-service.js';

export interface StubOrderServer {
  readonly target: string;
  stop(): Promise<void>;
}

/**
 * A bare grpc-js server with the handlers a client test scripts (the others answer
 * UNIMPLEMENTED), on a free loopback port: what the client sends and how it reacts, without the
 * lab's server in between.
 */
export async function startStubOrderServer(handlers: Partial<OrderServiceHandlers>): Promise<StubOrderServer> {
  const server = new Server();
  const { service } = loadOrderService().proto.rtlab.orders.v1.OrderService;
  const unimplemented = (_call: unknown, callback?: (error: { code: number }) => void) =>
    callback?.({ code: status.UNIMPLEMENTED });
  const implementation: UntypedServiceImplementation = Object.fromEntries(
    Object.keys(service).map((name) => [name, handlers[name as keyof OrderServiceHandlers] ?? unimplemented]),
  );
  server.addService(service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    target: `127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
