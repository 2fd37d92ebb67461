import type { LabConfig } from '../../config/lab-config.js';
import { createOrderClient, type OrderClient } from '../../services/grpc/client/create-order-client.js';
import { toOrderJson } from '../../services/grpc/client/to-order-json.js';
import type { ActionOutcome } from '../../ui/dashboard/dashboard-actions.js';
import { buildSampleOrder } from '../grpc/sample-order.js';

export interface DashboardOrderCreator {
  /** A sample order through gRPC CreateOrder, as `rtlab grpc create-order` with no flags creates it. */
  create(): Promise<ActionOutcome>;
  close(): void;
}

/** The `g` key: the gRPC CLI's client (GRPC_TARGET, a token minted from JWT_SECRET). */
export function createDashboardOrderCreator(config: LabConfig): DashboardOrderCreator {
  let orders: OrderClient | undefined;
  return {
    async create() {
      orders ??= createOrderClient({
        target: config.grpcTarget,
        auth: { secret: config.jwtSecret, subject: 'rtlab-cli' },
      });
      const sample = buildSampleOrder();
      try {
        const order = toOrderJson(await orders.createOrder({ ...sample, currency: 'USD' }));
        return { ok: true, text: `✓ gRPC order ${order.id} created for ${order.customerEmail} (${order.status})` };
      } catch (error) {
        return { ok: false, text: `✗ gRPC CreateOrder failed: ${(error as Error).message}` };
      }
    },
    close() {
      orders?.close();
    },
  };
}
