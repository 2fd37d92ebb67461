import { useCallback, useEffect, useState } from 'react';
import { fetchOrders, openOrderWatch, OrdersApiError, type OrderChangeJson, type OrderJson } from './orders-api.js';
import { readEventStream } from './read-event-stream.js';

/** `live`: listed and watching; the others say why not, while the feed retries. */
export type OrderFeedState = 'connecting' | 'live' | 'reconnecting' | 'bridge-down' | 'server-down' | 'refused';

export interface OrderFeed {
  /** Newest first. */
  readonly orders: readonly OrderJson[];
  readonly state: OrderFeedState;
  /** Why the feed is not live, in Spanish, for the panel. */
  readonly problem: string | undefined;
  /** An order this page created or changed, shown before its change arrives on the stream. */
  readonly applyOrder: (order: OrderJson) => void;
}

const keep = 100;
const maxRetryMs = 10_000;

/**
 * The bridge's orders, kept live: `/orders/watch` is opened first and `/orders` listed next, so
 * a change made in between is on the stream if not in the list. Whatever ends it (a bridge or
 * gRPC server that is down, a stream the bridge closed) is said and retried, sooner at first.
 */
export function useOrderFeed(ordersUrl: string): OrderFeed {
  const [orders, setOrders] = useState<readonly OrderJson[]>([]);
  const [state, setState] = useState<OrderFeedState>('connecting');
  const [problem, setProblem] = useState<string>();
  const applyOrder = useCallback((order: OrderJson) => setOrders((current) => withOrder(current, order)), []);

  useEffect(() => {
    const stop = new AbortController();
    const follow = async () => {
      for (let attempt = 0; !stop.signal.aborted; attempt++) {
        let ended: OrdersApiError | undefined;
        try {
          const watch = await openOrderWatch(ordersUrl, stop.signal);
          const listed = await fetchOrders(ordersUrl, stop.signal).catch((error: unknown) => {
            void watch.body?.cancel();
            throw error;
          });
          setOrders(toNewestFirst(listed));
          setState('live');
          setProblem(undefined);
          attempt = 0;
          await readEventStream(watch.body!, (event) => {
            if (event.event === 'order-change') {
              const change = JSON.parse(event.data) as OrderChangeJson;
              setOrders((current) => withChange(current, change));
            }
            // The bridge's gRPC call failed once the stream had begun (200): the event says how.
            if (event.event === 'error') ended = new OrdersApiError(200, JSON.parse(event.data) as object);
          });
          if (ended !== undefined) throw ended;
          setState('reconnecting');
          setProblem('El puente cerró el flujo de cambios; reconectando…');
        } catch (error) {
          if (stop.signal.aborted) return;
          const why = toFeedProblem(error);
          setState(why.state);
          setProblem(why.problem);
        }
        await sleep(Math.min(1000 * 2 ** attempt, maxRetryMs), stop.signal);
      }
    };
    void follow();
    return () => stop.abort();
  }, [ordersUrl]);

  return { orders, state, problem, applyOrder };
}

function toFeedProblem(error: unknown): { state: OrderFeedState; problem: string } {
  if (!(error instanceof OrdersApiError))
    return { state: 'reconnecting', problem: 'Se perdió la conexión con el dashboard; reintentando…' };
  if (error.error === 'bridge_unreachable')
    return {
      state: 'bridge-down',
      problem: 'El puente gRPC (grpc-bridge) no responde: inicialo con rtlab serve grpc-bridge. Reintentando…',
    };
  if (error.status === 503 || error.error === 'unavailable')
    return {
      state: 'server-down',
      problem: 'El puente responde, pero el servidor gRPC no: inicialo con rtlab serve grpc-server. Reintentando…',
    };
  if (error.status === 401 || error.status === 403 || /^(unauthenticated|permission_denied)$/.test(error.error))
    return {
      state: 'refused',
      problem: `El puente rechazó el pedido (${error.status}): ${error.message}. Reintentando…`,
    };
  return { state: 'reconnecting', problem: `No se pudieron leer los pedidos (${error.status}): ${error.message}` };
}

/** An order replaced by a newer copy of itself, or added; never an older copy over a newer one. */
function withOrder(current: readonly OrderJson[], order: OrderJson): readonly OrderJson[] {
  const known = current.find((candidate) => candidate.id === order.id);
  if (known !== undefined && (known.updatedAt ?? '') > (order.updatedAt ?? '')) return current;
  return toNewestFirst([order, ...current.filter((candidate) => candidate.id !== order.id)]);
}

/** A change carries the order as it became; one without it (an older server) moves the status only. */
function withChange(current: readonly OrderJson[], change: OrderChangeJson): readonly OrderJson[] {
  if (change.order !== null) return withOrder(current, change.order);
  return current.map((order) => (order.id === change.orderId ? { ...order, status: change.status } : order));
}

function toNewestFirst(orders: readonly OrderJson[]): readonly OrderJson[] {
  return [...orders].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')).slice(0, keep);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
