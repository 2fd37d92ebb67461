import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

export interface StartedInternalAckSink {
  readonly url: string;
  /** Every update received, in order. */
  readonly updates: unknown[];
  stop(): Promise<void>;
}

/**
 * A Socket.IO server whose `/internal` namespace authenticates publishers and acknowledges each
 * `order:update` (or `order:updates` batch), keeping them: the ws-server's receiving end
 * without storage or broadcast, for tests of publishers.
 */
export async function startInternalAckSink(token: string): Promise<StartedInternalAckSink> {
  const http = createServer();
  const io = new Server(http);
  const updates: unknown[] = [];
  const internal = io.of('/internal');
  internal.use((socket, next) => (socket.handshake.auth['token'] === token ? next() : next(new Error('unauthorized'))));
  internal.on('connection', (socket) => {
    socket.on('order:update', (update: unknown, ack: (reply: unknown) => void) => {
      updates.push(update);
      ack({ ok: true });
    });
    socket.on('order:updates', (batch: unknown[], ack: (reply: unknown) => void) => {
      updates.push(...batch);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    updates,
    stop: async () => {
      await io.close();
    },
  };
}
