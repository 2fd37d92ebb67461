import { OrderForm } from './OrderForm.js';
import { OrderRow } from './OrderRow.js';
import { useOrderFeed, type OrderFeedState } from './use-order-feed.js';

const stateLabels: Record<OrderFeedState, string> = {
  connecting: 'Conectando…',
  live: 'En vivo',
  reconnecting: 'Reconectando…',
  'bridge-down': 'Puente caído',
  'server-down': 'gRPC caído',
  refused: 'Rechazado',
};

/** The Socket.IO panels' badge colours: green when live, red when something is down, grey meanwhile. */
const badgeLooks: Record<OrderFeedState, string> = {
  connecting: 'connecting',
  live: 'connected',
  reconnecting: 'reconnecting',
  'bridge-down': 'refused',
  'server-down': 'refused',
  refused: 'refused',
};

/**
 * The gRPC domain on the dashboard: orders from every domain (webhooks, gRPC, this form) as the
 * bridge lists and streams them, a form that creates one, and status moves from the list.
 */
export function OrdersPanel({ ordersUrl }: { ordersUrl: string }) {
  const feed = useOrderFeed(ordersUrl);
  return (
    <section className="panel panel-wide" aria-labelledby="orders-title">
      <div className="panel-head">
        <h2 id="orders-title">
          Pedidos{' '}
          <span className="count" data-testid="order-count">
            {feed.orders.length}
          </span>
        </h2>
        <span className={`badge badge-${badgeLooks[feed.state]}`} data-testid="orders-state" data-state={feed.state}>
          {stateLabels[feed.state]}
        </span>
      </div>
      <p className="empty">
        OrderService (gRPC) a través del puente HTTP: los pedidos de webhooks, gRPC y este formulario.
      </p>
      {feed.problem !== undefined && (
        <p className="error" role="status" data-testid="orders-problem">
          {feed.problem}
        </p>
      )}
      <OrderForm ordersUrl={ordersUrl} onCreated={feed.applyOrder} />
      {feed.orders.length === 0 && feed.state === 'live' && (
        <p className="empty">Todavía no hay pedidos. Probá: rtlab grpc create-order</p>
      )}
      <ol className="orders" data-testid="orders">
        {feed.orders.map((order) => (
          <OrderRow key={order.id} order={order} ordersUrl={ordersUrl} onChanged={feed.applyOrder} />
        ))}
      </ol>
    </section>
  );
}
