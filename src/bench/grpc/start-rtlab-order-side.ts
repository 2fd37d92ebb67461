import path from 'node:path';
import type { Logger } from '../../log/log-entry.js';
import { spawnRtlab } from '../../runtime/spawn-rtlab.js';
import { wsServer } from '../../services/registry/ws-server.js';
import { startGrpcServer } from '../../services/grpc/server/start-grpc-server.js';
import { startOutboxRelay } from '../../services/ws/start-outbox-relay.js';
import { benchDbName } from '../open-bench-database.js';
import type { BenchDatabase } from '../open-bench-database.js';

export interface StartedRtlabOrderSide {
  readonly target: string;
  readonly wsServerPid: number | undefined;
  stop(): Promise<void>;
}

const internalToken = 'bench-internal-token-0123456789';

/**
 * rtlab's side as the lab runs it: the gRPC server (auth, validation, persistence, outbox) with
 * the relay that carries each order's notification to a real ws-server, in its own process,
 * which stores and broadcasts it.
 */
export async function startRtlabOrderSide(options: {
  engine: BenchDatabase;
  jwtSecret: string;
  logger: Logger;
  logDir: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<StartedRtlabOrderSide> {
  const ws = await spawnRtlab(['serve', wsServer.name, '--port', '0'], {
    cwd: options.cwd,
    env: {
      ...options.env,
      // Its logs stay with the bench's, out of the lab's own ws-server log.
      RTLAB_HOME: path.join(options.logDir, 'grpc-ws-server'),
      MONGO_URL: options.engine.uri,
      MONGO_DB: benchDbName,
      WS_INTERNAL_TOKEN: internalToken,
      LOG_LEVEL: 'info',
      NO_COLOR: '1',
    },
    ready: (output) => /WebSocket server listening on port (\d+)/.exec(output)?.[1],
    timeoutMs: 60_000,
  });
  const publisher = startOutboxRelay({
    db: options.engine.db,
    wsServerUrl: `http://127.0.0.1:${ws.value}`,
    internalToken,
    logger: options.logger,
  });
  const server = await startGrpcServer({
    port: 0,
    host: '127.0.0.1',
    db: options.engine.db,
    jwtSecret: options.jwtSecret,
    publisher,
    logger: options.logger,
  }).catch(async (error: unknown) => {
    await publisher.stop();
    await ws.stop();
    throw error;
  });
  return {
    target: `127.0.0.1:${server.port}`,
    wsServerPid: ws.pid,
    stop: async () => {
      await server.stop();
      await publisher.stop();
      await ws.stop();
    },
  };
}
