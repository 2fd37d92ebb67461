import type { Response } from 'express';
import { once } from 'node:events';
import type { Order__Output } from '../generated/rtlab/orders/v1/Order.js';
import { toOrderJson } from '../client/to-order-json.js';

/**
 * GetOrders as NDJSON, one order per line as the server streams them: headers wait for the first
 * order (or the end), so a call that fails at once still gets its proper status; a failure after
 * that can only be told in a last line, `{"error": …}`. A slow HTTP reader slows the gRPC stream
 * (grpc-js stops reading while this awaits 'drain'), so nothing piles up in memory.
 */
export async function writeNdjsonOrders(
  res: Response,
  orders: AsyncIterable<Order__Output>,
  toFailureLine: (error: unknown) => Record<string, unknown> | undefined,
): Promise<void> {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200).set('content-type', 'application/x-ndjson; charset=utf-8');
  };
  try {
    for await (const order of orders) {
      start();
      if (!res.write(`${JSON.stringify(toOrderJson(order))}\n`))
        await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (res.destroyed) return;
    }
  } catch (error) {
    const line = started ? toFailureLine(error) : undefined;
    if (line === undefined) throw error;
    res.end(`${JSON.stringify(line)}\n`);
    return;
  }
  start();
  res.end();
}
