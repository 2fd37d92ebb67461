import type { OrderDocument } from '../../src/mongo/lab-documents.js';
import type { CreateOrderRequest } from '../../src/services/grpc/generated/rtlab/orders/v1/CreateOrderRequest.js';

/** A valid CreateOrderRequest; `overrides` change its fields. */
export function orderRequest(overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  return {
    customerEmail: 'ana@example.com',
    currency: 'EUR',
    items: [
      { sku: 'KB-1', name: 'Keyboard', quantity: 2, unitPriceCents: 1999 },
      { sku: 'MS-2', name: 'Mouse', quantity: 1, unitPriceCents: 1050 },
    ],
    ...overrides,
  };
}

/** `count` stored orders, as any domain would have stored them (written straight to MongoDB, for volume). */
export function storedOrders(
  count: number,
  shape: (index: number) => Partial<OrderDocument> = () => ({}),
): OrderDocument[] {
  const start = Date.now() - count * 1000;
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(start + index * 1000);
    return {
      orderId: `ord_bulk_${String(index).padStart(6, '0')}`,
      customerEmail: `customer${index % 3}@example.com`,
      customerName: 'Bulk',
      items: [
        { sku: 'SKU-1', name: 'A thing with a long enough name to weigh something', quantity: 1, unitPrice: 9.99 },
      ],
      total: 9.99,
      currency: 'EUR',
      status: 'created',
      source: 'webhook',
      createdAt: at,
      updatedAt: at,
      history: [{ status: 'created', at, source: 'webhook' }],
      ...shape(index),
    };
  });
}
