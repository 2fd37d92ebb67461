import type { Socket } from 'socket.io';

/**
 * Resolves once everything emitted to `socket` so far has been handed to the network (or the
 * connection closed or moved to another transport). Socket.IO buffers emits without limit; a
 * replay that waits for this between chunks holds at most one chunk per client in memory, and a
 * slow client slows only its own replay.
 */
export function socketFlushed(socket: Socket): Promise<void> {
  const connection = socket.conn;
  const transport = connection.transport;
  if (transport.writable || connection.readyState !== 'open') return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      transport.off('ready', check);
      connection.off('close', finish);
      connection.off('upgrade', finish);
      resolve();
    };
    // Engine.IO flushes its buffer on `ready` before this listener runs: still not writable means
    // that more was sent, so wait for the next one.
    const check = () => {
      if (transport.writable) finish();
    };
    transport.on('ready', check);
    connection.once('close', finish);
    connection.once('upgrade', finish);
  });
}
