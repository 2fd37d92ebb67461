import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * A real Socket.IO server with an `/internal` namespace that acknowledges and keeps every
 * `order:update`: what the ws-server does on receipt, minus storage and broadcast.
 */
export async function startSocketIoSink(token: string): Promise<{ url: string; updates: unknown[]; stop(): Promise<void> }> {
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
