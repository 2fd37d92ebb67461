import { buildWebhookHeaders } from '../../src/services/webhooks/signing/sign-webhook.js';
import { testSecret } from '../helpers/webhook-lab.js';

export interface SignedReply {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly retryAfter: string | null;
}

/** An `order.created` body for an order id, as the sender would build it. */
export function orderCreatedBody(orderId: string, extraData: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'order.created',
    data: {
      orderId,
      customer: { email: 'ana@example.com', name: 'Ana' },
      items: [{ sku: 'A1', name: 'Keyboard', quantity: 2, unitPrice: 10.5 }],
      currency: 'EUR',
      ...extraData,
    },
    createdAt: new Date().toISOString(),
  });
}

/** POSTs a body signed with the test secret under `id`; the reply, however the request ended. */
export async function deliverSigned(url: string, id: string, body: string): Promise<SignedReply> {
  const headers = buildWebhookHeaders({ id, timestamp: Math.floor(Date.now() / 1000), body, secret: testSecret });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    retryAfter: response.headers.get('retry-after'),
  };
}
