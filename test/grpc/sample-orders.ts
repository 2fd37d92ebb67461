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
