import { isIP } from 'node:net';

/**
 * Whether a listen address keeps a service to this machine. Anything else (0.0.0.0, ::, a LAN
 * address) opens it to the network, where the lab asks for RTLAB_API_TOKEN.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
