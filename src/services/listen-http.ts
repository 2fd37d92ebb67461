import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toListenError } from '../errors.js';

export interface ListeningHttp {
  readonly server: http.Server;
  readonly port: number;
  /** Stops accepting, ends idle keep-alive sockets at once, waits for open requests. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Listens with a handler (an Express app) and gives back a stop() that does not hang on keep-alive sockets.
 * Loopback unless a host is given: a service is opened to the network only on purpose (`RTLAB_HOST`).
 * With `service` and `setting`, a busy port is told with them; otherwise the listen error passes
 * through (the service registry names lab services).
 */
export async function listenHttp(
  handler: RequestListener,
  where: { port: number; host?: string; service?: string; setting?: string; backlog?: number },
): Promise<ListeningHttp> {
  const server = http.createServer(handler);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: where.port, host: where.host ?? '127.0.0.1', backlog: where.backlog }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw where.service === undefined || where.setting === undefined
      ? error
      : toListenError(error, { port: where.port, service: where.service, setting: where.setting });
  }
  let stopping: Promise<void> | undefined;
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still open after a grace period are cut, so that stop() always finishes.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      })),
  };
}
