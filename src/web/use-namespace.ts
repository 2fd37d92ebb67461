import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { DashboardConfig } from './lab-config.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** A Socket.IO connection to one namespace that reconnects by itself, and its state for the UI. */
export function useNamespace(config: DashboardConfig, namespace: string): { socket: Socket | undefined; state: ConnectionState } {
  const [socket, setSocket] = useState<Socket>();
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => {
    const next = io(`${config.wsServerUrl}${namespace}`, { auth: { token: config.token }, transports: ['websocket'] });
    next.on('connect', () => setState('connected'));
    next.on('disconnect', () => setState('reconnecting'));
    next.on('connect_error', (error) => setState(error.message === 'unauthorized' ? 'refused' : 'reconnecting'));
    setSocket(next);
    return () => {
      next.close();
    };
  }, [config, namespace]);
  return { socket, state };
}
