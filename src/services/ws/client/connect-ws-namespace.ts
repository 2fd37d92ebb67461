import { io, type Socket } from 'socket.io-client';

/**
 * A connected Socket.IO client for one namespace of the ws-server, or a rejection that says
 * why (`unauthorized`, or the server unreachable) within the timeout.
 */
export function connectWsNamespace(options: { url: string; namespace: string; token: string; timeoutMs?: number; reconnect?: boolean; ownConnection?: boolean }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${options.url.replace(/\/$/, '')}${options.namespace}`, { auth: { token: options.token }, transports: ['websocket'], reconnection: options.reconnect ?? false, timeout: options.timeoutMs ?? 3000, forceNew: options.ownConnection ?? false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
