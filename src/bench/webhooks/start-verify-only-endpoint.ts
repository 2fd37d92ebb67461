import express from 'express';
import { listenHttp } from '../../services/listen-http.js';
import { verifyWebhook } from '../../services/webhooks/signing/verify-webhook.js';

/**
 * The benchmark's baseline: an Express route that reads the raw body and verifies its HMAC,
 * then answers 202 — the receiver's fixed cost, without storing, handling or publishing.
 */
export async function startVerifyOnlyEndpoint(secret: string): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  // As on the receiver: no ETag hashing of every reply.
  app.set('etag', false);
  app.post('/webhooks', express.raw({ type: () => true, limit: 256 * 1024 }), (req, res) => {
    const verified = verifyWebhook({ id: req.get('webhook-id'), timestamp: req.get('webhook-timestamp'), signature: req.get('webhook-signature'), body: req.body as Buffer, secrets: [secret], nowSeconds: Math.floor(Date.now() / 1000) });
    res.status(verified.ok ? 202 : 401).json(verified.ok ? { status: 'accepted', id: verified.id } : { error: verified.reason });
  });
  const listening = await listenHttp(app, { port: 0, host: '127.0.0.1', service: 'bench-baseline', setting: '(none)' });
  return { url: `http://127.0.0.1:${listening.port}/webhooks`, stop: () => listening.stop() };
}
