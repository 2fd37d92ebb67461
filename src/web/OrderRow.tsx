import { useState } from 'react';
import { formatTime } from './format-time.js';
import { toStatusLabel } from './order-status-labels.js';
import { OrdersApiError, patchOrderStatus, type OrderJson, type OrderStatus } from './orders-api.js';

/** The moves a learner can ask for; the server says which are allowed (409 otherwise). */
const moves: ReadonlyArray<{ to: OrderStatus; label: string }> = [
  { to: 'PAID', label: 'Pagar' },
  { to: 'SHIPPED', label: 'Despachar' },
  { to: 'CANCELLED', label: 'Cancelar' },
];

function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat('es', { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function OrderRow({
  order,
  ordersUrl,
  onChanged,
}: {
  order: OrderJson;
  ordersUrl: string;
  onChanged: (order: OrderJson) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const move = async (to: OrderStatus) => {
    setBusy(true);
    setProblem(undefined);
    try {
      onChanged(await patchOrderStatus(ordersUrl, order.id, to));
    } catch (error) {
      setProblem(toMoveProblem(error, to));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li data-testid="order" data-order-id={order.id}>
      <div className="order-line">
        <span className="order" title={order.id}>
          {order.id}
        </span>
        <span className={`status status-${order.status.toLowerCase()}`} data-status={order.status}>
          {toStatusLabel(order.status)}
        </span>
      </div>
      <div className="order-line">
        <span className="customer">{order.customerEmail}</span>
        <span className="total">{formatMoney(order.totalCents, order.currency)}</span>
      </div>
      <div className="order-line">
        <span className="source">
          {order.items.length} {order.items.length === 1 ? 'ítem' : 'ítems'} · {order.source}
          {order.createdAt !== null && (
            <>
              {' · '}
              <time dateTime={order.createdAt}>{formatTime(order.createdAt)}</time>
            </>
          )}
        </span>
        <span className="moves">
          {moves.map(({ to, label }) => (
            <button
              key={to}
              type="button"
              className="move"
              disabled={busy || order.status === to}
              onClick={() => void move(to)}
            >
              {label}
            </button>
          ))}
        </span>
      </div>
      {problem !== undefined && (
        <p className="error" role="alert" data-testid="order-problem">
          {problem}
        </p>
      )}
    </li>
  );
}

function toMoveProblem(error: unknown, to: OrderStatus): string {
  if (!(error instanceof OrdersApiError)) return 'No se pudo contactar al dashboard; probá de nuevo.';
  if (error.status === 409) return toRefusedMove(error.message, to);
  if (error.error === 'bridge_unreachable') return 'El puente gRPC no responde: inicialo con rtlab serve grpc-bridge.';
  return `El cambio falló (${error.status}): ${error.message}`;
}

/**
 * The server's 409 (`Order ord_1 is CREATED and cannot move to SHIPPED (allowed: PAID,
 * CANCELLED)`) in Spanish, from the facts it gives: the status the order is in now (another
 * client may have moved it since this list was drawn) and the moves it allows.
 */
function toRefusedMove(reason: string, to: OrderStatus): string {
  const label = (status: string) => toStatusLabel(status).toLowerCase();
  const now = / is ([A-Z]+) and cannot move/.exec(reason)?.[1];
  const allowed = /\(allowed: ([A-Z, ]+)\)/.exec(reason)?.[1]?.split(', ').map(label);
  const from = now === undefined ? '' : ` ${label(now)}`;
  const next =
    allowed !== undefined
      ? `; solo puede pasar a ${allowed.join(' o ')}`
      : reason.includes('no further move')
        ? '; ya no admite más cambios'
        : '';
  return `Un pedido${from} no puede pasar a ${label(to)} (409)${next}.`;
}
