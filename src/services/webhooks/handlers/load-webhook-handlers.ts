import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WebhookHandler } from './webhook-handler.js';

/**
 * Imports every module of `events/` and indexes its exported `handler` by event type: adding a
 * handler is adding one file there.
 */
export async function loadWebhookHandlers(): Promise<ReadonlyMap<string, WebhookHandler>> {
  const folder = new URL('./events/', import.meta.url);
  const files = readdirSync(fileURLToPath(folder)).filter(
    (name) => /\.(js|ts)$/.test(name) && !/\.(d|test)\.ts$/.test(name),
  );
  const handlers = new Map<string, WebhookHandler>();
  for (const file of files.sort()) {
    const module = (await import(new URL(file, folder).href)) as { handler?: WebhookHandler };
    if (module.handler === undefined)
      throw new Error(`handlers/events/${file} must export a WebhookHandler named "handler"`);
    const existing = handlers.get(module.handler.type);
    if (existing !== undefined)
      throw new Error(`Two handlers for ${module.handler.type}: handlers/events/${file} and another file`);
    handlers.set(module.handler.type, module.handler);
  }
  return handlers;
}
