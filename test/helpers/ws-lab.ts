import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { createLoggerFactory } from '../../src/log/create-logger-factory.js';
import type { MongoConnection } from '../../src/mongo/connect-mongo.js';
import type { StartedMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import {
  startWsServer,
  type StartedWsServer,
  type WsServerOptions,
} from '../../src/services/ws/server/start-ws-server.js';
import { startLabDatabase } from './lab-database.js';
import { useTempDir } from './temp-dir.js';

export const clientToken = 'client-token-123';
export const internalToken = 'internal-token-0123456789';

export interface WsLab {
  readonly mongo: StartedMongoLite;
  readonly connection: MongoConnection;
  readonly server: StartedWsServer;
  readonly tokens: Set<string>;
  readonly logDir: string;
  /** Starts the ws-server again on the same port (after server.stop()). */
  restart(): Promise<StartedWsServer>;
  /**
   * A client without reconnection; `auth` adds to the token (e.g. `lastSeq`); `setUp` adds
   * listeners before it connects, for events the server sends on connection.
   */
  connect(
    namespace: string,
    token?: string,
    auth?: Record<string, unknown>,
    setUp?: (socket: Socket) => void,
  ): Promise<Socket>;
}

/** MongoDB, the ws-server and Socket.IO clients, all closed after each test. */
export function useWsLab(): (
  options?: Partial<Pick<WsServerOptions, 'maxMessageBytes' | 'chatGuard'>>,
) => Promise<WsLab> {
  const tempDir = useTempDir('rtlab-ws-');
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const logDir = path.join(tempDir(), 'logs');
    const logs = createLoggerFactory({ logDir, level: 'info', console: false });
    const { mongo, connection, stop: stopDatabase } = await startLabDatabase();
    const tokens = new Set([clientToken]);
    const serverOptions = {
      host: '127.0.0.1',
      db: connection.db,
      logger: logs.forService('ws-server'),
      acceptToken: (token: string) => tokens.has(token),
      internalToken,
      ...options,
    };
    let server = await startWsServer({ port: 0, ...serverOptions });
    const port = server.port;
    const sockets: Socket[] = [];
    cleanups.push(async () => {
      for (const socket of sockets) socket.close();
      await server.stop();
      await stopDatabase();
      logs.close();
    });
    return {
      mongo,
      connection,
      get server() {
        return server;
      },
      tokens,
      logDir,
      restart: async () => (server = await startWsServer({ port, ...serverOptions })),
      connect: (namespace, token = clientToken, auth = {}, setUp = () => undefined) =>
        new Promise((resolve, reject) => {
          const socket = io(`${server.url}${namespace}`, {
            auth: { token, ...auth },
            transports: ['websocket'],
            reconnection: false,
          });
          sockets.push(socket);
          setUp(socket);
          socket.once('connect', () => resolve(socket));
          socket.once('connect_error', (error) => reject(error));
        }),
    };
  };
}

/** The next `event` on a socket, or a rejection after a few seconds. */
export function nextEvent<T>(socket: Socket, event: string, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Every `event` a socket receives from now on, in arrival order. */
export function collectEvents<T>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (payload: T) => received.push(payload));
  return received;
}
