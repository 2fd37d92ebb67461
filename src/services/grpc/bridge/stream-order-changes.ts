import type { Response } from 'express';
import type { OrderClient } from '../client/create-order-client.js';
import { toOrderChangeJson } from '../client/to-order-json.js';

export interface OrderChangeStreamOptions {
  readonly orders: OrderClient;
  /** Aborted when the bridge stops: every open stream ends so that the server can close. */
  readonly stopping: AbortSignal;
  readonly heartbeatMs: number;
  /** The error event's data for a call that failed. */
  readonly describeFailure: (error: unknown) => Record<string, unknown>;
}

/**
 * `GET /orders/watch`: WatchOrders as Server-Sent Events, one `order-change` event per change
 * (its `id` the change's event id), a comment every `heartbeatMs` so that proxies keep the
 * connection open, and an `error` event if the gRPC call fails. The gRPC call ends when the HTTP
 * client leaves or the bridge stops; EventSource reconnects by itself after `retry`.
 */
export async function streamOrderChanges(res: Response, options: OrderChangeStreamOptions): Promise<void> {
  const leaving = new AbortController();
  const leave = () => leaving.abort();
  res.on('close', leave);
  options.stopping.addEventListener('abort', leave, { once: true });
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies such as nginx would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.write('retry: 3000\n: watching order changes\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs);
  heartbeat.unref();
  try {
    for await (const change of options.orders.watchOrders({ signal: leaving.signal })) {
      const json = toOrderChangeJson(change);
      // An id with a line break would end the field early and forge another.
      res.write(`event: order-change\nid: ${json.eventId.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(json)}\n\n`);
    }
  } catch (error) {
    if (!res.destroyed) res.write(`event: error\ndata: ${JSON.stringify(options.describeFailure(error))}\n\n`);
  } finally {
    clearInterval(heartbeat);
    res.off('close', leave);
    options.stopping.removeEventListener('abort', leave);
    res.end();
  }
}
