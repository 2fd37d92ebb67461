import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { OrderUpdate } from '../../src/lab-events.js';
import type { Logger } from '../../src/log/log-entry.js';

/** The token the scripted peer accepts on `/internal`. */
export const internalPeerToken = 'internal-test-token';

export type InternalPeerReply =
  | { ok: true; rejected?: Array<{ index: number; message: string }> }
  | { ok?: false; error: string }
  | 'drop-connection'
  /** Never acknowledged: a ws-server that lags (the publisher sends again after its timeout). */
  | 'hold';

/**
 * The ws-server's side of `/internal`, scripted: it records every `order:updates` batch and
 * answers each with the next scripted reply (then `{ ok: true }`).
 */
export async function startInternalPeer(options: { replies?: InternalPeerReply[]; port?: number } = {}) {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const batches: OrderUpdate[][] = [];
  const replies = [...(options.replies ?? [])];
  io.of('/internal').use((socket, next) =>
    socket.handshake.auth['token'] === internalPeerToken ? next() : next(new Error('unauthorized')),
  );
  io.of('/internal').on('connection', (socket) => {
    socket.on('order:updates', (batch: OrderUpdate[], ack: (reply: unknown) => void) => {
      batches.push(batch);
      const reply = replies.shift() ?? { ok: true };
      // The ws-server going away mid-batch: the transport closes, no acknowledgement comes.
      if (reply === 'drop-connection') socket.conn.close();
      else if (reply !== 'hold') ack(reply);
    });
  });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, batches, stop: () => io.close() };
}

/** A logger that keeps its lines, so that tests read what an operator would see. */
export function recordingLogger() {
  const lines: Array<{ level: string; message: string; meta: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (message: string, meta: Record<string, unknown> = {}) =>
      void lines.push({ level, message, meta });
  const logger: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
  return { logger, lines };
}

/** Resolves once `condition` holds (checked every few milliseconds); the test's timeout bounds it. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
