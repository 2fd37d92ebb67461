/**
 * The addresses one service uses to reach another, as configuration derives their defaults.
 * Pure facts, so that configuration and the service registry agree without importing each other.
 */

/** Where the receiver takes deliveries, under its base URL. */
export const webhookDeliveryPath = '/webhooks';

/** A service's base URL on this machine: what clients and the other services use by default. */
export function toLoopbackUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/**
 * The base URL that reaches a service listening on `host` from this machine: loopback for the
 * wildcard addresses (and by default), the address itself otherwise (127.0.0.2, a LAN address).
 */
export function toServiceUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::' || host === '127.0.0.1') return toLoopbackUrl(port);
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The receiver's delivery URL for a base URL (`http://127.0.0.1:3001` → `…/webhooks`). */
export function toWebhookDeliveryUrl(receiverBaseUrl: string): string {
  return `${receiverBaseUrl.replace(/\/$/, '')}${webhookDeliveryPath}`;
}
