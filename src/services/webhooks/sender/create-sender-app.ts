import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { describeBodyError } from '../../describe-body-error.js';
import { pingDatabase } from '../../../mongo/ping-mongo.js';
import { refuseCrossSiteRequests } from '../../refuse-cross-site-requests.js';
import { requireLocalOrToken } from '../../require-local-or-token.js';
import { webhookEventSchema } from '../receiver/event-schema.js';
import { buildSampleEvents, type OutgoingEvent } from './build-sample-events.js';
import { sendEvents, type SendEventsOptions } from './send-events.js';

export interface SenderAppOptions extends SendEventsOptions {
  /** How long GET/POST /send waits for the deliveries before answering "pending". */
  readonly replyWithinMs: number;
  /** The address the sender listens on: off loopback, /send needs `apiToken`. */
  readonly host: string;
  readonly apiToken: string | undefined;
}

const maxSendBodyBytes = 256 * 1024;
const customEvent = webhookEventSchema.extend({ createdAt: webhookEventSchema.shape.createdAt.optional() });
const sendQuery = z.object({
  // Digits only: Number() would also take 0x10, 1e1 or ' 5'.
  count: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional()
    .transform((text) => (text === undefined ? 2 : Number(text)))
    .pipe(z.number().min(1).max(100)),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/)
    .default('order.created'),
  orderId: z.string().min(1).max(100).optional(),
});

/** The sender's routes: GET /send (sample events), POST /send (your own), GET /healthz, GET /readyz. */
export function createSenderApp(options: SenderAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const ready = options.db === undefined || (await pingDatabase(options.db));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database_unavailable' });
  });
  // Sending signs events with the lab's secret: only this machine (or a token holder), never a web page.
  app.use('/send', refuseCrossSiteRequests, requireLocalOrToken(options.host, options.apiToken));
  app.get('/send', async (req, res, next) => {
    const query = sendQuery.safeParse(req.query);
    if (!query.success)
      return void res.status(400).json({
        error: 'invalid_query',
        message: 'count must be 1 to 100; type a dotted event type such as order.paid',
      });
    await respondWithDeliveries(
      res,
      buildSampleEvents(query.data.count, query.data.type, query.data.orderId),
      options,
    ).catch(next);
  });
  app.post('/send', express.json({ limit: maxSendBodyBytes }), async (req, res, next) => {
    const list = Array.isArray(req.body) ? req.body : [req.body];
    const parsed = z.array(customEvent).min(1).max(100).safeParse(list);
    if (!parsed.success)
      return void res.status(422).json({
        error: 'invalid_event',
        message: 'send { type, data, createdAt? } or an array of them',
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
    const now = new Date().toISOString();
    await respondWithDeliveries(
      res,
      parsed.data.map((event) => ({ ...event, createdAt: event.createdAt ?? now })),
      options,
    ).catch(next);
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const refusal = describeBodyError(error, maxSendBodyBytes);
    if (refusal !== undefined) {
      options.logger.warn('Refused a /send request', { status: refusal.status, reason: refusal.error });
      return void res.status(refusal.status).json({ error: refusal.error, message: refusal.message });
    }
    options.logger.error('Webhook sender failed', { error: (error as Error).message });
    res.status(500).json({ error: 'internal_error', message: 'the sender failed; see its log' });
  });
  return app;
}

/** `{"status":"sent","count":N}` once every event is delivered, as the lab's first scenario expects. */
async function respondWithDeliveries(res: Response, events: OutgoingEvent[], options: SenderAppOptions): Promise<void> {
  const sent = await sendEvents(events, options);
  const settled = await Promise.race([
    Promise.all(sent.map((event) => event.done)),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), options.replyWithinMs).unref()),
  ]);
  if (settled === undefined) {
    res.status(202).json({
      status: 'pending',
      count: sent.length,
      ids: sent.map((event) => event.id),
      message: 'still retrying; see rtlab webhooks deliveries',
    });
    return;
  }
  const failed = sent.filter((_, index) => !settled[index]!.delivered).map((event) => event.id);
  if (failed.length === 0) res.json({ status: 'sent', count: sent.length });
  else res.status(502).json({ status: 'failed', count: sent.length, delivered: sent.length - failed.length, failed });
}
