import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { DashboardConfig } from './fetch-dashboard-config.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/**
 * A Socket.IO connection to one namespace that reconnects by itself, and its state for the UI.
 * `auth` adds to the token in every handshake (read again at each reconnection).
 */
export function useNamespace(
  config: DashboardConfig,
  namespace: string,
  auth?: () => Record<string, unknown>,
): { socket: Socket | undefined; state: ConnectionState } {
  const [socket, setSocket] = useState<Socket>();
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => {
    const next = io(`${config.wsServerUrl}${namespace}`, {
      auth: (send) => send({ token: config.token, ...auth?.() }),
      transports: ['websocket'],
    });
    next.on('connect', () => setState('connected'));
    next.on('disconnect', () => setState('reconnecting'));
    next.on('connect_error', (error) => setState(error.message === 'unauthorized' ? 'refused' : 'reconnecting'));
    setSocket(next);
    return () => {
      next.close();
    };
    // `auth` is read at each handshake; a new function must not open a new connection.
  }, [config, namespace]);
  return { socket, state };
}
