import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Logger } from '../../../log/log-entry.js';
import { listenHttp } from '../../listen-http.js';
import { refuseCrossSiteRequests } from '../../refuse-cross-site-requests.js';
import { requireLocalOrToken } from '../../require-local-or-token.js';
import { createOrdersProxy } from './create-orders-proxy.js';

/** Options of the ws-client service (port 5173 in the lab): the built dashboard and its configuration. */
export interface DashboardServerOptions {
  readonly port: number;
  /** Default 127.0.0.1; any other address opens it to the network, where /config.json needs `apiToken`. */
  readonly host?: string;
  /** `RTLAB_API_TOKEN`: the page presents it (from its URL's ?token=) to read /config.json off loopback. */
  readonly apiToken?: string | undefined;
  /** The folder Vite built the dashboard into (dist/web). */
  readonly webRoot: string;
  /** What the page is told at /config.json: where the ws-server is, and the token to present. */
  readonly wsServerUrl: string;
  /** The sender's base URL, for the page's "try curl …/send" hint. */
  readonly senderUrl?: string;
  /** The gRPC bridge's base URL: its `/orders` is served at `/api/orders` for the Orders panel (none without it). */
  readonly bridgeUrl?: string;
  readonly token: string;
  readonly logger: Logger;
}

export interface StartedDashboardServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startDashboardServer(options: DashboardServerOptions): Promise<StartedDashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const stopping = new AbortController();
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  // /config.json hands out WS_TOKEN: to this machine's own pages, or to holders of RTLAB_API_TOKEN.
  const pageOnly = [refuseCrossSiteRequests, requireLocalOrToken(host, options.apiToken)];
  const ordersUrl = options.bridgeUrl === undefined ? undefined : '/api/orders';
  app.get(
    '/config.json',
    ...pageOnly,
    (_req, res) =>
      void res.set('cache-control', 'no-store').json({
        wsServerUrl: options.wsServerUrl,
        senderUrl: options.senderUrl,
        ordersUrl,
        token: options.token,
      }),
  );
  // The bridge refuses every web page (its /orders change orders): this page reaches it through
  // here, same-origin, once it passed the same checks as for /config.json.
  if (options.bridgeUrl !== undefined)
    app.use(
      '/api/orders',
      ...pageOnly,
      createOrdersProxy({
        bridgeUrl: options.bridgeUrl,
        apiToken: options.apiToken,
        stopping: stopping.signal,
        logger: options.logger,
      }),
    );
  if (!existsSync(path.join(options.webRoot, 'index.html'))) {
    options.logger.warn('The dashboard is not built; serving a notice instead', { webRoot: options.webRoot });
    app.use(
      (_req, res) => void res.status(503).type('text/plain').send('The dashboard is not built. Run: npm run build\n'),
    );
  } else {
    app.use(
      express.static(options.webRoot, {
        index: 'index.html',
        maxAge: '1h',
        setHeaders: (res, file) => file.endsWith('index.html') && res.setHeader('cache-control', 'no-cache'),
      }),
    );
    app.use((_req, res) => res.sendFile(path.join(options.webRoot, 'index.html')));
  }
  const listening = await listenHttp(app, { port: options.port, host });
  options.logger.info(`Dashboard available at http://localhost:${listening.port}`, {
    port: listening.port,
    wsServerUrl: options.wsServerUrl,
    bridgeUrl: options.bridgeUrl,
  });
  return {
    url: `http://127.0.0.1:${listening.port}`,
    port: listening.port,
    stop: () => {
      stopping.abort();
      return listening.stop();
    },
  };
}
