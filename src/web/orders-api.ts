import { toApiTokenHeaders } from './api-token.js';

/**
 * The gRPC bridge's REST/JSON, as this page reads it (proto3's JSON names, cents as numbers):
 * written here against the HTTP answers, as any browser client of the bridge would be.
 */
export type OrderStatus = 'CREATED' | 'PAID' | 'SHIPPED' | 'CANCELLED';

export interface OrderJson {
  readonly id: string;
  readonly customerEmail: string;
  readonly items: ReadonlyArray<{ sku: string; name: string; quantity: number; unitPriceCents: number }>;
  readonly totalCents: number;
  readonly currency: string;
  readonly status: OrderStatus;
  readonly source: string;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

/** One `order-change` event of `/orders/watch`; `order` is the order after the change. */
export interface OrderChangeJson {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly eventId: string;
  readonly order: OrderJson | null;
}

export interface NewOrder {
  readonly customerEmail: string;
  readonly currency: string;
  readonly items: ReadonlyArray<{ sku: string; name: string; quantity: number; unitPriceCents: number }>;
}

/** A field the server refused (`customer_email`, `items[0].quantity`) and why. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** An answer other than 2xx: its status, the lab's `{ error, message, issues }` body. */
export class OrdersApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly issues: readonly FieldIssue[];

  constructor(status: number, body: { error?: string; message?: string; issues?: FieldIssue[] }) {
    super(body.message ?? `answered ${status}`);
    this.status = status;
    this.error = body.error ?? 'http_error';
    this.issues = body.issues ?? [];
  }
}

export function fetchOrders(ordersUrl: string, signal: AbortSignal): Promise<OrderJson[]> {
  return callOrders(ordersUrl, '?limit=50', { signal });
}

export function postOrder(ordersUrl: string, order: NewOrder): Promise<OrderJson> {
  return callOrders(ordersUrl, '', { method: 'POST', body: JSON.stringify(order) });
}

export function patchOrderStatus(ordersUrl: string, id: string, status: OrderStatus): Promise<OrderJson> {
  return callOrders(ordersUrl, `/${encodeURIComponent(id)}/status`, {
    method: 'PATCH',
    body: JSON.stringify({ status }),
  });
}

/** Opens `/orders/watch` (Server-Sent Events); read it with readEventStream. */
export async function openOrderWatch(ordersUrl: string, signal: AbortSignal): Promise<Response> {
  const response = await fetch(`${ordersUrl}/watch`, {
    headers: { accept: 'text/event-stream', ...toApiTokenHeaders() },
    signal,
  });
  if (!response.ok) throw new OrdersApiError(response.status, await readErrorBody(response));
  return response;
}

async function callOrders<T>(ordersUrl: string, path: string, init: RequestInit): Promise<T> {
  const response = await fetch(`${ordersUrl}${path}`, {
    ...init,
    headers: { accept: 'application/json', 'content-type': 'application/json', ...toApiTokenHeaders() },
  });
  if (!response.ok) throw new OrdersApiError(response.status, await readErrorBody(response));
  return (await response.json()) as T;
}

/** The lab answers refusals as JSON; anything else (a proxy's HTML page) keeps only its status. */
async function readErrorBody(response: Response): Promise<{ error?: string; message?: string; issues?: FieldIssue[] }> {
  try {
    return (await response.json()) as { error?: string; message?: string; issues?: FieldIssue[] };
  } catch {
    return {};
  }
}
