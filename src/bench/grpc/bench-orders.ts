import { randomBytes } from 'node:crypto';
import type { OrderDocument } from '../../mongo/lab-documents.js';
import type { CreateOrderRequest } from '../../services/grpc/generated/rtlab/orders/v1/CreateOrderRequest.js';
import { toAmount, toTotalCents } from '../../services/grpc/order-mapping.js';

/** A realistic order of two items; the email varies so that no cache could answer it. */
export function toBenchOrder(index: number): CreateOrderRequest {
  return {
    customerEmail: `customer${index % 1000}@example.com`,
    customerName: 'Bench Customer',
    currency: 'USD',
    items: [
      { sku: 'KB-MECH-01', name: 'Mechanical keyboard', quantity: 1, unitPriceCents: 8900 },
      { sku: 'CB-CAT6-3M', name: 'Ethernet cable, 3 m', quantity: 2, unitPriceCents: 799 },
    ],
  };
}

/** A request stored as it comes, as a seed-style server (or a preloaded collection) stores it. */
export function toBenchOrderDocument(
  request: Pick<CreateOrderRequest, 'customerEmail' | 'customerName' | 'items' | 'currency'>,
): OrderDocument {
  const now = new Date();
  const items = (request.items ?? []).map((item) => ({
    sku: item.sku ?? '',
    name: item.name ?? '',
    quantity: item.quantity ?? 0,
    unitPriceCents: Number(item.unitPriceCents ?? 0),
  }));
  return {
    orderId: `ord_${randomBytes(6).toString('hex')}`,
    customerEmail: request.customerEmail ?? '',
    customerName: request.customerName ?? '',
    items: items.map((item) => ({
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unitPrice: toAmount(item.unitPriceCents),
    })),
    total: toAmount(toTotalCents(items)),
    currency: request.currency ?? '',
    status: 'created',
    source: 'grpc',
    createdAt: now,
    updatedAt: now,
    history: [{ status: 'created', at: now, source: 'grpc' }],
  };
}
