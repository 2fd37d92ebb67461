import express, { type NextFunction, type Request, type Response } from 'express';
import { isMongoUnavailable } from '../../../mongo/is-mongo-unavailable.js';
import { pingDatabase } from '../../../mongo/ping-mongo.js';
import { isTransientWriteError } from '../../../mongo/write-batcher.js';
import { describeBodyError } from '../../describe-body-error.js';
import { ingestWebhook, type IngestContext } from './ingest-webhook.js';
import { answerArmedFault } from './receiver-fault-switch.js';

/** Largest body accepted: bigger deliveries get 413 before anything is read into memory past it. */
export const maxWebhookBodyBytes = 256 * 1024;
/** How long a sender should wait before retrying while MongoDB is unreachable (longer than a claim lease). */
const retryAfterSeconds = 15;

/** The receiver's routes: POST /webhooks, GET /healthz, GET /readyz. */
export function createReceiverApp(context: IngestContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const ready = await pingDatabase(context.db);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database_unavailable' });
  });
  app.post('/webhooks', answerArmedFault);
  app.post(
    '/webhooks',
    (req, res, next) => {
      if (!isJsonContentType(req.get('content-type')))
        return void reject(res, context, 415, 'unsupported_media_type', 'Content-Type must be application/json');
      next();
    },
    express.raw({ type: () => true, limit: maxWebhookBodyBytes }),
    async (req, res, next) => {
      try {
        const reply = await ingestWebhook(
          {
            headers: {
              id: req.get('webhook-id'),
              timestamp: req.get('webhook-timestamp'),
              signature: req.get('webhook-signature'),
            },
            body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          },
          context,
        );
        if (reply.rejected !== undefined)
          context.logger.warn('Rejected webhook', {
            reason: reply.rejected,
            status: reply.status,
            webhookId: req.get('webhook-id'),
          });
        if (reply.retryAfterSeconds !== undefined) res.set('Retry-After', String(reply.retryAfterSeconds));
        res.status(reply.status).json(reply.body);
      } catch (error) {
        next(error);
      }
    },
  );
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const refusal = describeBodyError(error, maxWebhookBodyBytes);
    if (refusal !== undefined) return void reject(res, context, refusal.status, refusal.error, refusal.message);
    if (isMongoUnavailable(error) || isTransientWriteError(error)) {
      const reachable = !isMongoUnavailable(error);
      context.logger.warn('MongoDB unavailable; asked the sender to retry', {
        path: req.path,
        retryAfterSeconds,
        error: (error as Error).message,
      });
      const message = reachable
        ? 'MongoDB cannot take writes right now (a full disk, a failover); retry later'
        : 'MongoDB is unreachable; retry later';
      return void res
        .status(503)
        .set('Retry-After', String(retryAfterSeconds))
        .json({ error: 'database_unavailable', message });
    }
    context.logger.error('Webhook receiver failed', {
      path: req.path,
      error: (error as Error).message,
      stack: (error as Error).stack,
    });
    res.status(500).json({ error: 'internal_error', message: 'the receiver failed; see its log' });
  });
  return app;
}

function reject(res: Response, context: IngestContext, status: number, reason: string, message: string): void {
  context.logger.warn('Rejected webhook', { reason, status });
  res.status(status).json({ error: reason, message });
}

/** `application/json`, with or without parameters such as charset (a plain check: this runs on every delivery). */
export function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && /^application\/json\s*(;|$)/i.test(header);
}
