import { io, type Socket } from 'socket.io-client';

/**
 * A connected Socket.IO client for one namespace of the ws-server, or a rejection that says
 * why (`unauthorized`, or the server unreachable) within the timeout. `auth` adds to the token in
 * every handshake, reconnections included (e.g. the last notification seen).
 *
 * `listen` attaches event listeners before the handshake: the server sends a replay right after
 * it accepts a connection, often in the same read as the accept itself, and the events of one
 * read are dispatched before an `await` on this promise resumes — a listener added then misses
 * them.
 */
export function connectWsNamespace(options: {
  url: string;
  namespace: string;
  token: string;
  timeoutMs?: number;
  reconnect?: boolean;
  ownConnection?: boolean;
  auth?: () => Record<string, unknown>;
  listen?: (socket: Socket) => void;
}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const auth = (send: (data: object) => void) => send({ token: options.token, ...options.auth?.() });
    const socket = io(`${options.url.replace(/\/$/, '')}${options.namespace}`, {
      auth,
      transports: ['websocket'],
      reconnection: options.reconnect ?? false,
      timeout: options.timeoutMs ?? 3000,
      forceNew: options.ownConnection ?? false,
    });
    options.listen?.(socket);
    // Only the first connection can fail the promise; later reconnection errors must not close a reconnecting socket.
    const failed = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once('connect', () => {
      socket.off('connect_error', failed);
      resolve(socket);
    });
    socket.once('connect_error', failed);
  });
}
