import express from 'express';
import type { LabDb } from '../../mongo/connect-mongo.js';
import { listenHttp } from '../../services/listen-http.js';
import { verifyWebhook } from '../../services/webhooks/signing/verify-webhook.js';

export interface StartBaselineReceiverOptions {
  readonly secret: string;
  /**
   * Without it, the verify-only baseline: the receiver's fixed cost (read the raw body, check
   * the HMAC, answer 202). With it, the seed-style baseline: the same, then one awaited
   * `insertOne` per event into `seed_webhook_events` before the 202, as the seed's receiver does.
   */
  readonly db?: LabDb;
  /**
   * The seed-style baseline with the whole path's guarantee: its `insertOne` waits for the
   * journal (`j: true`), as the whole path's writes do before their 202. Without it, `w: 1`.
   */
  readonly durable?: boolean;
}

export interface StartedBaselineReceiver {
  /** The delivery URL (`…/webhooks`). */
  readonly url: string;
  stop(): Promise<void>;
}

/** The webhooks benchmark's baselines: Express and the same signature check as the receiver's. */
export async function startBaselineReceiver(options: StartBaselineReceiverOptions): Promise<StartedBaselineReceiver> {
  const app = express();
  // As on the receiver: no ETag hashing of every reply.
  app.set('etag', false);
  const events = options.db?.collection('seed_webhook_events');
  app.post('/webhooks', express.raw({ type: () => true, limit: 256 * 1024 }), async (req, res) => {
    const body = req.body as Buffer;
    const verified = verifyWebhook({
      id: req.get('webhook-id'),
      timestamp: req.get('webhook-timestamp'),
      signature: req.get('webhook-signature'),
      body,
      secrets: [options.secret],
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (!verified.ok) return void res.status(401).json({ error: verified.reason });
    if (events !== undefined) {
      try {
        const event = JSON.parse(body.toString('utf8')) as { type?: unknown };
        await events.insertOne(
          { eventId: verified.id, type: event.type, payload: event, receivedAt: new Date() },
          options.durable === true ? { writeConcern: { j: true } } : {},
        );
      } catch (error) {
        return void res.status(500).json({ error: (error as Error).message });
      }
    }
    res.status(202).json({ status: 'accepted', id: verified.id });
  });
  const listening = await listenHttp(app, {
    port: 0,
    host: '127.0.0.1',
    service:
      options.db === undefined
        ? 'bench-verify-only'
        : options.durable === true
          ? 'bench-seed-durable'
          : 'bench-seed-style',
    setting: '(none)',
  });
  return { url: `http://127.0.0.1:${listening.port}/webhooks`, stop: () => listening.stop() };
}
