import { randomUUID } from 'node:crypto';
import { credentials, Metadata, type CallOptions, type ClientReadableStream } from '@grpc/grpc-js';
import type { CreateOrderRequest } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { GetOrdersRequest } from '../generated/rtlab/orders/v1/GetOrdersRequest.js';
import type { ImportOrdersResponse__Output } from '../generated/rtlab/orders/v1/ImportOrdersResponse.js';
import type { Order__Output } from '../generated/rtlab/orders/v1/Order.js';
import type { OrderChange__Output } from '../generated/rtlab/orders/v1/OrderChange.js';
import type { OrderServiceClient } from '../generated/rtlab/orders/v1/OrderService.js';
import type { OrderStatus } from '../generated/rtlab/orders/v1/OrderStatus.js';
import { idempotencyKeyMetadataKey } from '../idempotency-key-metadata.js';
import { loadOrderService } from '../load-order-service.js';
import { orderSourceMetadataKey } from '../order-source-metadata.js';
import { openOrderChat, type OrderChat } from './open-order-chat.js';
import { orderServiceConfig } from './order-service-config.js';
import { createTokenSource, type OrderClientAuth } from './order-token-source.js';
import { readOrderStream, streamRequests } from './order-streams.js';
import { toOrderCallError } from './order-call-error.js';

export interface OrderClientOptions {
  /** `host:port` of the gRPC server (`GRPC_TARGET`). */
  readonly target: string;
  readonly auth: OrderClientAuth;
  /** The deadline of calls that end by themselves (unary, GetOrders, ImportOrders); default 10 s. */
  readonly deadlineMs?: number;
  /** Which part of the lab the calls speak for: the bridge says `http`, so its changes are recorded as such. */
  readonly source?: 'http';
}

/** Options of one call: an earlier end than the default deadline, and a way to give up. */
export interface OrderCallOptions {
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * OrderService as promises and async iterables: every call carries the bearer token as call
 * credentials and a deadline (except the two streams that last until the caller leaves), is
 * retried on UNAVAILABLE by the channel's service config, and fails with an OrderCallError.
 */
export interface OrderClient {
  /**
   * One logical call, with its own `idempotency-key` (a new UUID unless `idempotencyKey` is
   * given): the retries on UNAVAILABLE resend it, so they never create a second order, and a
   * caller that repeats a call after an unclear failure passes the same key to get the same order.
   */
  createOrder(
    request: CreateOrderRequest,
    options?: OrderCallOptions & { idempotencyKey?: string },
  ): Promise<Order__Output>;
  getOrder(id: string, options?: OrderCallOptions): Promise<Order__Output>;
  updateOrderStatus(id: string, status: OrderStatus, options?: OrderCallOptions): Promise<Order__Output>;
  /** The matching orders as the server streams them; ends early, quietly, when `signal` aborts. */
  getOrders(request: GetOrdersRequest, options?: OrderCallOptions): AsyncIterable<Order__Output>;
  /** Every change from now on, until `signal` aborts (then it ends quietly). */
  watchOrders(options: { signal: AbortSignal }): AsyncIterable<OrderChange__Output>;
  /** Streams the requests in as fast as the server takes them; `onSent` counts them. */
  importOrders(
    requests: AsyncIterable<CreateOrderRequest> | Iterable<CreateOrderRequest>,
    options?: OrderCallOptions & { onSent?: (count: number) => void },
  ): Promise<ImportOrdersResponse__Output>;
  chatOrders(options: { signal: AbortSignal }): OrderChat;
  /** Closes the channel; calls still open are cancelled. */
  close(): void;
}

const defaultDeadlineMs = 10_000;

export function createOrderClient(options: OrderClientOptions): OrderClient {
  const { OrderService } = loadOrderService().proto.rtlab.orders.v1;
  const client: OrderServiceClient = new OrderService(options.target, credentials.createInsecure(), {
    'grpc.service_config': JSON.stringify(orderServiceConfig),
    // A lab server restarted with `rtlab serve` is found again quickly, not after the default backoff.
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 2000,
  });
  const nextToken = createTokenSource(options.auth);
  const callCredentials = credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${nextToken()}`);
    callback(null, metadata);
  });
  const callOptions = (call: OrderCallOptions | undefined, ends: boolean): CallOptions => {
    const deadlineMs = call?.deadlineMs ?? options.deadlineMs ?? defaultDeadlineMs;
    return ends
      ? { credentials: callCredentials, deadline: Date.now() + deadlineMs }
      : { credentials: callCredentials };
  };
  const metadata = (idempotencyKey?: string): Metadata => {
    const sent = new Metadata();
    if (options.source !== undefined) sent.set(orderSourceMetadataKey, options.source);
    if (idempotencyKey !== undefined) sent.set(idempotencyKeyMetadataKey, idempotencyKey);
    return sent;
  };
  const unary = <T>(
    start: (done: (error: unknown, value?: T) => void) => { cancel(): void },
    call?: OrderCallOptions,
  ) =>
    new Promise<T>((resolve, reject) => {
      const cancel = () => pending.cancel();
      const pending = start((error, value) => {
        call?.signal?.removeEventListener('abort', cancel);
        if (error) reject(toOrderCallError(error));
        else resolve(value as T);
      });
      call?.signal?.addEventListener('abort', cancel, { once: true });
    });

  return {
    createOrder: (request, call) =>
      unary<Order__Output>(
        (done) =>
          client.createOrder(request, metadata(call?.idempotencyKey ?? randomUUID()), callOptions(call, true), done),
        call,
      ),
    getOrder: (id, call) =>
      unary<Order__Output>((done) => client.getOrder({ id }, metadata(), callOptions(call, true), done), call),
    updateOrderStatus: (id, status, call) =>
      unary<Order__Output>(
        (done) => client.updateOrderStatus({ id, status }, metadata(), callOptions(call, true), done),
        call,
      ),
    getOrders: (request, call) =>
      readOrderStream(
        (): ClientReadableStream<Order__Output> => client.getOrders(request, metadata(), callOptions(call, true)),
        call?.signal,
      ),
    watchOrders: ({ signal }) =>
      readOrderStream(() => client.watchOrders({}, metadata(), callOptions(undefined, false)), signal),
    importOrders: (requests, call) =>
      new Promise((resolve, reject) => {
        const stream = client.importOrders(metadata(), callOptions(call, true), (error, response) =>
          error ? reject(toOrderCallError(error)) : resolve(response!),
        );
        call?.signal?.addEventListener('abort', () => stream.cancel(), { once: true });
        streamRequests(stream, requests, call?.onSent).catch((error: unknown) => {
          stream.cancel();
          reject(toOrderCallError(error));
        });
      }),
    chatOrders: ({ signal }) => openOrderChat(client.chatOrders(metadata(), callOptions(undefined, false)), signal),
    close: () => client.close(),
  };
}
