import net from 'node:net';

/**
 * Whether something accepts TCP connections on a loopback port: a refused connection answers at
 * once, where a MongoDB driver would keep trying until its server-selection timeout.
 */
export function isPortAnswering(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (answering: boolean) => {
      socket.destroy();
      resolve(answering);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
