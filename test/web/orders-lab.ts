import path from 'node:path';
import { afterEach } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import { packageRoot } from '../../src/package-root.js';
import { startGrpcBridge, type StartedGrpcBridge } from '../../src/services/grpc/bridge/start-grpc-bridge.js';
import type { Order__Output } from '../../src/services/grpc/generated/rtlab/orders/v1/Order.js';
import {
  startDashboardServer,
  type StartedDashboardServer,
} from '../../src/services/ws/dashboard/start-dashboard-server.js';
import { startWsServer, type StartedWsServer } from '../../src/services/ws/server/start-ws-server.js';
import { unary } from '../grpc/grpc-calls.js';
import { bearer, useGrpcServerLab, type GrpcServerLab } from '../grpc/grpc-server-lab.js';
import { orderRequest } from '../grpc/sample-orders.js';
import { testJwtSecret } from '../grpc/test-tokens.js';
import { useTempDir } from '../helpers/temp-dir.js';

export const clientToken = 'client-token-for-the-orders-panel';

export interface OrdersLab {
  readonly grpc: GrpcServerLab;
  readonly ws: StartedWsServer;
  readonly dashboard: StartedDashboardServer;
  /** The folder a CLI run works in (its .env is written there). */
  readonly cwd: string;
  bridge(): StartedGrpcBridge;
  /** Stops the bridge (the dashboard keeps its URL); `startBridge` brings it back on the same port. */
  stopBridge(): Promise<void>;
  startBridge(): Promise<StartedGrpcBridge>;
  /** An order made by a gRPC client, as `rtlab grpc create-order` or any other would make it. */
  createOrderByGrpc(customerEmail: string): Promise<Order__Output>;
}

export interface OrdersLabOptions {
  /** The address the bridge and the dashboard listen on (127.0.0.1 by default). */
  readonly host?: string;
  readonly apiToken?: string;
  /** The bridge URL the dashboard is given instead of the bridge's (one that does not answer). */
  readonly bridgeUrl?: string;
}

/**
 * The lab's gRPC domain in front of the dashboard: embedded MongoDB, the gRPC server, the HTTP
 * bridge and a ws-server (for the page's other panels) on port 0, and the ws-client server
 * serving the built page (dist/web) with the bridge under /api/orders. Closed after each test.
 */
export function useOrdersLab(): (options?: OrdersLabOptions) => Promise<OrdersLab> {
  const startGrpc = useGrpcServerLab();
  const tempDir = useTempDir('rtlab-orders-panel-');
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const grpc = await startGrpc();
    const cwd = tempDir();
    const logs = createLoggerFactory({ logDir: path.join(cwd, 'logs'), level: 'info', console: false });
    cleanups.push(() => logs.close());
    let bridgePort = 0;
    const startBridge = async () => {
      const started = await startGrpcBridge({
        port: bridgePort,
        host: options.host,
        apiToken: options.apiToken,
        target: grpc.target,
        auth: { secret: testJwtSecret, subject: 'grpc-bridge' },
        logger: logs.forService('grpc-bridge'),
      });
      bridgePort = started.port;
      cleanups.push(() => started.stop());
      return started;
    };
    let bridge = await startBridge();
    const ws = await startWsServer({
      port: 0,
      db: grpc.connection.db,
      logger: logs.forService('ws-server'),
      acceptToken: (token) => token === clientToken,
      internalToken: 'internal-token-for-the-orders-panel',
    });
    cleanups.push(() => ws.stop());
    const dashboard = await startDashboardServer({
      port: 0,
      host: options.host,
      apiToken: options.apiToken,
      webRoot: path.join(packageRoot, 'dist', 'web'),
      wsServerUrl: ws.url,
      bridgeUrl: options.bridgeUrl ?? bridge.url,
      token: clientToken,
      logger: logs.forService('ws-client'),
    });
    cleanups.push(() => dashboard.stop());
    return {
      grpc,
      ws,
      dashboard,
      cwd,
      bridge: () => bridge,
      stopBridge: () => bridge.stop(),
      startBridge: async () => (bridge = await startBridge()),
      createOrderByGrpc: (customerEmail) =>
        unary<Order__Output>((done) => grpc.client().createOrder(orderRequest({ customerEmail }), bearer(), done)),
    };
  };
}
