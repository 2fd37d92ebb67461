import { expect } from 'vitest';
import { openWireClient } from './wire-client.js';

/**
 * Sends `heavy` and, right behind it on another connection, a ping: the ping must come back
 * first, which a server that ran the heavy command in one go could not do. Gives back how the
 * heavy command ended: its result, or the error it was refused with.
 */
export async function expectPingFirst(port: number, heavy: () => Promise<unknown>): Promise<unknown> {
  const other = await openWireClient(port);
  const order: string[] = [];
  const heavyDone = heavy().then(
    (result) => {
      order.push('heavy command');
      return result;
    },
    (error: unknown) => {
      order.push('heavy command');
      return error;
    },
  );
  const pingDone = other.command({ ping: 1, $db: 'admin' }).then((reply) => {
    order.push('ping');
    return reply;
  });
  const [result, ping] = await Promise.all([heavyDone, pingDone]);
  other.close();
  expect(ping).toMatchObject({ ok: 1 });
  expect(order).toEqual(['ping', 'heavy command']);
  return result;
}
