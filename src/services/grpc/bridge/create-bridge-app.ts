import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../../log/log-entry.js';
import { describeBodyError } from '../../describe-body-error.js';
import { refuseCrossSiteRequests } from '../../refuse-cross-site-requests.js';
import { requireLocalOrToken } from '../../require-local-or-token.js';
import type { OrderClient } from '../client/create-order-client.js';
import { OrderCallError } from '../client/order-call-error.js';
import { parseOrderRequest } from '../client/parse-order-request.js';
import { toOrderJson } from '../client/to-order-json.js';
import { parseListQuery, parseStatusBody } from './parse-bridge-input.js';
import { streamOrderChanges } from './stream-order-changes.js';
import { toHttpFailure } from './to-http-failure.js';
import { writeNdjsonOrders } from './write-order-stream.js';

export interface BridgeAppOptions {
  readonly orders: OrderClient;
  /** The address the bridge listens on: off loopback, /orders needs `apiToken`. */
  readonly host: string;
  readonly apiToken: string | undefined;
  readonly logger: Logger;
  /** Aborted when the bridge stops, to end the open SSE streams. */
  readonly stopping: AbortSignal;
  readonly heartbeatMs: number;
}

const maxBodyBytes = 64 * 1024;

/** REST/JSON over OrderService: /orders (POST, GET as JSON or NDJSON), /orders/:id, /orders/:id/status, /orders/watch (SSE), /healthz. */
export function createBridgeApp(options: BridgeAppOptions): express.Express {
  const { orders, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  // Orders hold customers' emails and the routes change them: this machine (or a token holder) only, never a web page.
  app.use('/orders', refuseCrossSiteRequests, requireLocalOrToken(options.host, options.apiToken));
  const parseJson = express.json({ limit: maxBodyBytes });

  app.post('/orders', requireJson, parseJson, async (req, res) => {
    const parsed = parseOrderRequest(req.body);
    if (!parsed.ok)
      return void res
        .status(400)
        .json({ error: 'invalid_body', message: 'send a CreateOrderRequest as JSON', issues: parsed.issues });
    // An HTTP client's `Idempotency-Key` (Stripe's header) becomes the call's key, so its retry of a
    // POST whose answer was lost finds the first order; without one, each POST is its own call.
    const order = toOrderJson(await orders.createOrder(parsed.request, { idempotencyKey: req.get('idempotency-key') }));
    res
      .status(201)
      .location(`/orders/${encodeURIComponent(order.id)}`)
      .json(order);
  });
  app.get('/orders', async (req, res) => {
    const query = parseListQuery(req.query);
    if (!query.ok) return void res.status(400).json({ error: 'invalid_query', message: query.message });
    const leaving = new AbortController();
    res.on('close', () => leaving.abort());
    const stream = orders.getOrders(query.request, { signal: leaving.signal, deadlineMs: 60_000 });
    if (wantsNdjson(req))
      return writeNdjsonOrders(res, stream, (error) =>
        error instanceof OrderCallError ? toHttpFailure(error).body : undefined,
      );
    const list = [];
    for await (const order of stream) list.push(toOrderJson(order));
    res.json(list);
  });
  app.get('/orders/watch', (_req, res) =>
    streamOrderChanges(res, {
      orders,
      stopping: options.stopping,
      heartbeatMs: options.heartbeatMs,
      describeFailure: (error) =>
        error instanceof OrderCallError
          ? toHttpFailure(error).body
          : { error: 'internal_error', message: 'see the bridge log' },
    }),
  );
  app.get('/orders/:id', async (req, res) => void res.json(toOrderJson(await orders.getOrder(req.params.id))));
  app.patch('/orders/:id/status', requireJson, parseJson, async (req, res) => {
    const status = parseStatusBody(req.body);
    if (status === undefined)
      return void res.status(400).json({
        error: 'invalid_body',
        message: 'send { "status": "PAID" } (CREATED, PAID, SHIPPED or CANCELLED)',
      });
    res.json(toOrderJson(await orders.updateOrderStatus(String(req.params['id']), status)));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof OrderCallError) {
      const failure = toHttpFailure(error);
      logger.warn('gRPC call failed', {
        method: req.method,
        path: req.path,
        status: error.statusName,
        http: failure.status,
      });
      return void res.status(failure.status).json(failure.body);
    }
    const refusal = describeBodyError(error, maxBodyBytes);
    if (refusal !== undefined)
      return void res.status(refusal.status).json({ error: refusal.error, message: refusal.message });
    logger.error('gRPC bridge failed', {
      path: req.path,
      error: (error as Error).message,
      stack: (error as Error).stack,
    });
    if (!res.headersSent) res.status(500).json({ error: 'internal_error', message: 'the bridge failed; see its log' });
    else res.end();
  });
  return app;
}

function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (req.is('application/json') === false || req.get('content-type') === undefined)
    return void res
      .status(415)
      .json({ error: 'unsupported_media_type', message: 'Content-Type must be application/json' });
  next();
}

/** NDJSON only when the client names it in Accept: curl's default (any type) gets the JSON array. */
function wantsNdjson(req: Request): boolean {
  return /application\/x-ndjson/i.test(req.get('accept') ?? '');
}
