import { timingSafeEqual } from 'node:crypto';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import type { LabDb } from '../../../mongo/connect-mongo.js';
import { pingDatabase } from '../../../mongo/ping-mongo.js';
import { listenHttp } from '../../listen-http.js';
import type {
  ChatClientToServer,
  ChatServerToClient,
  InternalClientToServer,
  NotificationsServerToClient,
} from '../ws-events.js';
import { setUpChatNamespace } from './chat-namespace.js';
import type { GuardOptions } from './guard-socket.js';
import { setUpInternalNamespace } from './internal-namespace.js';
import { NotificationFeed, type ReplayOptions } from './notification-feed.js';
import { maxReplay, setUpNotificationsNamespace } from './notifications-namespace.js';

/** Options of the ws-server (port 3003 in the lab). */
export interface WsServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly db: LabDb;
  readonly logger: Logger;
  /** Whether a client token is accepted on `/chat` and `/notifications` (default: equal to `WS_TOKEN`). */
  readonly acceptToken: (token: string) => boolean;
  readonly internalToken: string;
  /** Largest message a client may send, in bytes. */
  readonly maxMessageBytes?: number;
  readonly chatGuard?: GuardOptions;
  /** How `/notifications` replays are served (defaults below; smaller to exercise the MongoDB path). */
  readonly replay?: Partial<ReplayOptions>;
}

export interface StartedWsServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Compares secrets in constant time, without throwing on a length mismatch. */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requireToken(check: (token: string) => boolean) {
  return (socket: Socket, next: (error?: Error) => void) => {
    const token: unknown = socket.handshake.auth['token'] ?? socket.handshake.query['token'];
    next(typeof token === 'string' && check(token) ? undefined : new Error('unauthorized'));
  };
}

/** A readiness probe answers within this, even while the driver is still looking for a server. */
const readyTimeoutMs = 1500;

function withinMs<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function startWsServer(options: WsServerOptions): Promise<StartedWsServer> {
  const io = new Server({
    cors: { origin: true, credentials: true },
    maxHttpBufferSize: options.maxMessageBytes ?? 64 * 1024,
    // Two minutes to come back with the missed events; the auth middleware runs again, so a
    // revoked token does not recover.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const chat = io.of('/chat') as unknown as Namespace<ChatClientToServer, ChatServerToClient>;
  const notifications = io.of('/notifications') as unknown as Namespace<
    Record<string, never>,
    NotificationsServerToClient
  >;
  const internal = io.of('/internal') as unknown as Namespace<InternalClientToServer>;
  chat.use(requireToken(options.acceptToken));
  notifications.use(requireToken(options.acceptToken));
  internal.use(requireToken((token) => sameSecret(token, options.internalToken)));
  const feed = await NotificationFeed.load(options.db, notifications, options.logger, {
    // Twice the largest replay, so that a client that is slow to take its replay rarely falls off it.
    ringSize: 2 * maxReplay,
    // One more than the largest replay: one read tells whether a client missed too many.
    pageSize: maxReplay + 1,
    // A few, so that a storm leaves the connection pool to chat and the publishers.
    concurrentReads: 4,
    ...options.replay,
  });
  setUpChatNamespace(chat, {
    db: options.db,
    logger: options.logger,
    ...(options.chatGuard === undefined ? {} : { guard: options.chatGuard }),
  });
  setUpNotificationsNamespace(notifications, { feed, logger: options.logger });
  setUpInternalNamespace(internal, { feed, logger: options.logger });

  const listening = await listenHttp(
    (req, res) => {
      // Liveness: the process answers. Readiness: it can also store what it acknowledges.
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      if (req.url === '/readyz') {
        void withinMs(pingDatabase(options.db), readyTimeoutMs, false).then((up) =>
          res
            .writeHead(up ? 200 : 503, { 'content-type': 'application/json' })
            .end(up ? '{"status":"ready"}' : '{"status":"database_unavailable"}'),
        );
        return;
      }
      // Everything else under /socket.io/ is Socket.IO's (it attaches its own listener below).
      if (!req.url?.startsWith('/socket.io/'))
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
    },
    // Clients that lose the server come back together: beyond Node's default backlog (511) the kernel
    // drops their connection requests and each retries after 1, 3, 7… s, until its connect times out.
    { port: options.port, host: options.host ?? '127.0.0.1', backlog: 4096 },
  );
  io.attach(listening.server);
  options.logger.info(`WebSocket server listening on port ${listening.port}`, {
    port: listening.port,
    namespaces: ['/chat', '/notifications', '/internal'],
  });
  return {
    url: `http://127.0.0.1:${listening.port}`,
    port: listening.port,
    stop: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await listening.stop();
    },
  };
}
