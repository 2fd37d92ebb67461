import type { Logger } from '../../../log/log-entry.js';
import { listenHttp } from '../../listen-http.js';
import { createOrderClient } from '../client/create-order-client.js';
import type { OrderClientAuth } from '../client/order-token-source.js';
import { createBridgeApp } from './create-bridge-app.js';

/** Options of the HTTP bridge (port 50052 in the lab): REST/JSON over the gRPC client. */
export interface GrpcBridgeOptions {
  readonly port: number;
  /** Default 127.0.0.1; any other address opens it to the network, where /orders needs `apiToken`. */
  readonly host?: string;
  readonly apiToken?: string | undefined;
  /** `GRPC_TARGET`: the gRPC server the bridge calls. */
  readonly target: string;
  /** Usually `{ secret: JWT_SECRET }`: the bridge mints its own short-lived tokens. */
  readonly auth: OrderClientAuth;
  readonly logger: Logger;
  /** Between two keep-alive comments on an SSE stream (default 15 s). */
  readonly heartbeatMs?: number;
}

export interface StartedGrpcBridge {
  readonly url: string;
  readonly port: number;
  /** Ends the SSE streams, stops listening, closes the gRPC channel. Idempotent. */
  stop(): Promise<void>;
}

export async function startGrpcBridge(options: GrpcBridgeOptions): Promise<StartedGrpcBridge> {
  const host = options.host ?? '127.0.0.1';
  const stopping = new AbortController();
  const orders = createOrderClient({ target: options.target, auth: options.auth, source: 'http' });
  const app = createBridgeApp({
    orders,
    host,
    apiToken: options.apiToken,
    logger: options.logger,
    stopping: stopping.signal,
    heartbeatMs: options.heartbeatMs ?? 15_000,
  });
  const listening = await listenHttp(app, { port: options.port, host }).catch((error: unknown) => {
    orders.close();
    throw error;
  });
  options.logger.info(`gRPC bridge listening on port ${listening.port}`, {
    port: listening.port,
    target: options.target,
  });
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${listening.port}`,
    port: listening.port,
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        await listening.stop();
        orders.close();
      })()),
  };
}
