import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * The ws benchmark's baseline: a bare Socket.IO server that broadcasts what it is given to every
 * client of `/raw`, with no authentication, validation, storage or publisher in between.
 */
export async function startRawBroadcastServer(): Promise<{
  url: string;
  broadcast(event: string, payload: unknown): void;
  stop(): Promise<void>;
}> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 64 * 1024 });
  const raw = io.of('/raw');
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    broadcast: (event, payload) => void raw.emit(event, payload),
    stop: async () => {
      await io.close();
    },
  };
}
