import net from 'node:net';
import { notReady, type ReadinessCheck } from './readiness-check.js';

/** Ready when the service's port accepts a TCP connection (for services that speak no HTTP). */
export function tcpPort(): ReadinessCheck {
  const check: ReadinessCheck = {
    name: 'TCP connect',
    probe(target, timeoutMs) {
      const port = target.port ?? (target.url === undefined ? undefined : Number(new URL(target.url).port));
      if (port === undefined || !(port > 0)) return Promise.resolve(notReady(check, 'no port to connect to'));
      const host = target.host ?? '127.0.0.1';
      return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        const done = (detail: string | undefined) => {
          socket.destroy();
          resolve(detail === undefined ? { ready: true } : notReady(check, detail));
        };
        socket.setTimeout(timeoutMs, () => done(`${host}:${port} did not answer within ${timeoutMs} ms`));
        socket.once('connect', () => done(undefined));
        socket.once('error', (error: NodeJS.ErrnoException) => done(`${host}:${port}: ${error.code ?? error.message}`));
      });
    },
  };
  return check;
}
