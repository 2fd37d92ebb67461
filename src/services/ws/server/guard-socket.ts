import type { Socket } from 'socket.io';
import type { Logger } from '../../../log/log-entry.js';
import { TokenBucket } from './token-bucket.js';

export interface GuardOptions {
  readonly burst: number;
  readonly perSecond: number;
  /** Refused events in a row before the socket is disconnected. */
  readonly disconnectAfter: number;
}

export const defaultGuard: GuardOptions = { burst: 20, perSecond: 10, disconnectAfter: 20 };

/**
 * Wraps a socket's event handlers with its rate limit: over the limit, the ack says
 * `rate_limited` and nothing is processed; a socket that keeps flooding is disconnected.
 */
export function guardSocket(
  socket: Socket,
  logger: Logger,
  options: GuardOptions = defaultGuard,
): <A extends unknown[]>(handler: (...args: A) => void | Promise<void>) => (...args: A) => void {
  const bucket = new TokenBucket(options.burst, options.perSecond);
  return (handler) =>
    (...args) => {
      if (bucket.take()) {
        void Promise.resolve(handler(...args)).catch((error: unknown) =>
          logger.error('Socket handler failed', { socketId: socket.id, error: (error as Error).message }),
        );
        return;
      }
      const ack = args.at(-1);
      if (typeof ack === 'function')
        (ack as (reply: unknown) => void)({
          error: 'rate_limited',
          message: `at most ${options.perSecond} events per second`,
        });
      if (bucket.refusedInARow >= options.disconnectAfter) {
        logger.warn('Disconnected a flooding client', { socketId: socket.id, namespace: socket.nsp.name });
        socket.disconnect(true);
      }
    };
}

/** Acks are optional for clients: a missing one is replaced by a no-op. */
export function toAck(candidate: unknown): (reply: unknown) => void {
  return typeof candidate === 'function' ? (candidate as (reply: unknown) => void) : () => undefined;
}
