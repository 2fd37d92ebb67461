import type { GetOrdersRequest } from '../generated/rtlab/orders/v1/GetOrdersRequest.js';
import type { OrderStatus } from '../generated/rtlab/orders/v1/OrderStatus.js';

const statuses = ['CREATED', 'PAID', 'SHIPPED', 'CANCELLED'] as const;

/** `paid`, `PAID` → `PAID`; undefined for anything else. */
function toStatus(value: unknown): OrderStatus | undefined {
  return typeof value === 'string' ? statuses.find((status) => status === value.trim().toUpperCase()) : undefined;
}

/** `GET /orders?status=PAID&customerEmail=ana@example.com&limit=20` as a GetOrdersRequest. */
export function parseListQuery(
  query: Record<string, unknown>,
): { ok: true; request: GetOrdersRequest } | { ok: false; message: string } {
  const { status, customerEmail, limit } = query;
  if (status !== undefined && toStatus(status) === undefined)
    return { ok: false, message: `status must be one of ${statuses.join(', ')}` };
  if (customerEmail !== undefined && typeof customerEmail !== 'string')
    return { ok: false, message: 'customerEmail must be given once' };
  if (limit !== undefined && (typeof limit !== 'string' || !/^\d{1,5}$/.test(limit) || Number(limit) < 1))
    return { ok: false, message: 'limit must be a whole number from 1 to 99999' };
  return {
    ok: true,
    request: {
      status: toStatus(status) ?? 'ORDER_STATUS_UNSPECIFIED',
      customerEmail: customerEmail ?? '',
      limit: limit === undefined ? 0 : Number(limit),
    },
  };
}

/** The body of `PATCH /orders/:id/status`: `{ "status": "PAID" }`. */
export function parseStatusBody(body: unknown): OrderStatus | undefined {
  return body !== null && typeof body === 'object' ? toStatus((body as { status?: unknown }).status) : undefined;
}
