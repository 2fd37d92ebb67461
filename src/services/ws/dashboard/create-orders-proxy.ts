import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import type { Logger } from '../../../log/log-entry.js';
import { answerJson } from '../../answer-json.js';

/** Options of the dashboard's way to the gRPC bridge's `/orders`. */
export interface OrdersProxyOptions {
  /** The bridge's base URL (`http://127.0.0.1:50052`): its `/orders` is served here under the mount path. */
  readonly bridgeUrl: string;
  /** `RTLAB_API_TOKEN`: what the bridge asks of its callers when it is open to the network. */
  readonly apiToken: string | undefined;
  /** Aborted when the dashboard stops: the open streams end, so that its server can close. */
  readonly stopping: AbortSignal;
  readonly logger: Logger;
}

/** What the page may tell the bridge; cookies, Origin and the page's own token stay here. */
const forwardedRequestHeaders = [
  'accept',
  'content-type',
  'content-length',
  'last-event-id',
  'idempotency-key',
] as const;
/** Headers of one connection, not of the message (RFC 9110 §7.6.1). */
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'trailer']);

/**
 * The bridge's `/orders` for the dashboard's page, same-origin, mounted under a path such as
 * `/api/orders` (the caller checks the page first: the bridge refuses what a browser sends it
 * from another origin, this server's pages included). Status, headers and body pass through as
 * they come, chunk by chunk: the Server-Sent Events of `/orders/watch` reach the page as the
 * bridge writes them, and a slow page slows the bridge instead of filling memory. A bridge that
 * does not answer is a 502 saying which one and how to start it.
 */
export function createOrdersProxy(options: OrdersProxyOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const bridge = new URL(options.bridgeUrl);
  const agent = new http.Agent({ keepAlive: true });
  options.stopping.addEventListener('abort', () => agent.destroy(), { once: true });
  let unreachable = false;

  return (req, res) => {
    const mountPath = (req as IncomingMessage & { baseUrl?: string }).baseUrl ?? '';
    const leaving = new AbortController();
    const leave = () => leaving.abort();
    options.stopping.addEventListener('abort', leave, { once: true });
    res.once('close', () => {
      options.stopping.removeEventListener('abort', leave);
      // A page that leaves before the answer is complete ends the bridge's call (a list, a watch).
      if (!res.writableFinished) leave();
    });
    const upstream = http.request(
      {
        protocol: bridge.protocol,
        hostname: bridge.hostname,
        port: bridge.port,
        method: req.method,
        path: toBridgePath(req.url ?? '/'),
        headers: toBridgeHeaders(req.headers, options.apiToken),
        agent,
        signal: leaving.signal,
      },
      (answer) => {
        if (unreachable) options.logger.info('The gRPC bridge answers again', { bridgeUrl: options.bridgeUrl });
        unreachable = false;
        res.writeHead(answer.statusCode ?? 502, toPageHeaders(answer.headers, mountPath));
        // An event stream's headers go out now, before its first event, so that the page knows it is open.
        res.flushHeaders();
        // A bridge that fails mid-answer cuts the page's response: a stream's reader then reconnects.
        pipeline(answer, res, (error) => error && leave());
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (leaving.signal.aborted) return void res.destroy();
      if (res.headersSent) return void res.destroy();
      if (!unreachable)
        options.logger.warn('The gRPC bridge does not answer', { bridgeUrl: options.bridgeUrl, error: error.message });
      unreachable = true;
      answerJson(res, 502, {
        error: 'bridge_unreachable',
        message: `the gRPC bridge does not answer at ${options.bridgeUrl} (${error.code ?? error.message}): start it with rtlab serve grpc-bridge`,
      });
    });
    req.pipe(upstream);
  };
}

/** `/`, `/?limit=5`, `/watch` under the mount path → `/orders`, `/orders?limit=5`, `/orders/watch`, without `?token=`. */
function toBridgePath(url: string): string {
  const parsed = new URL(url, 'http://dashboard');
  // The page's token was checked here; the bridge gets the lab's own in a header instead.
  parsed.searchParams.delete('token');
  const rest = parsed.pathname === '/' ? '' : parsed.pathname;
  return `/orders${rest}${parsed.search}`;
}

function toBridgeHeaders(headers: IncomingHttpHeaders, apiToken: string | undefined): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const name of forwardedRequestHeaders) {
    const value = headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  if (apiToken !== undefined) forwarded['authorization'] = `Bearer ${apiToken}`;
  return forwarded;
}

/** The bridge's headers for the page; a `Location` under `/orders` points under the mount path. */
function toPageHeaders(headers: IncomingHttpHeaders, mountPath: string): IncomingHttpHeaders {
  const passed: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!hopByHop.has(name)) passed[name] = value;
  if (typeof passed.location === 'string' && passed.location.startsWith('/orders'))
    passed.location = `${mountPath}${passed.location.slice('/orders'.length)}`;
  return passed;
}
