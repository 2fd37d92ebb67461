import type { OrderClient } from '../../services/grpc/client/create-order-client.js';
import { toBenchOrder } from './bench-orders.js';
import { measureLoop, type MeasureResult } from '../measure-loop.js';

/** Which RPC a run loads: unary CreateOrder or GetOrder, or the server stream GetOrders. */
export type BenchRpc = 'create' | 'get' | 'stream';

export interface OrderCallRound extends MeasureResult {
  /** Calls made in the round, warm-up included: what the CPU time of the round is divided by. */
  readonly calls: number;
  /** Calls that failed (or streamed a short count); a side that fails is not measured fairly. */
  readonly errors: number;
  /** Orders the GetOrders calls streamed, warm-up included: per call, what a stream delivered. */
  readonly messages: number;
  /** Every CreateOrder the server answered with an order, warm-up included: what must be stored. */
  readonly acknowledgedIds: readonly string[];
}

export interface LoadOrderCallsOptions {
  readonly client: OrderClient;
  readonly rpc: BenchRpc;
  readonly durationMs: number;
  readonly concurrency: number;
  /** GetOrder reads these ids in turn. */
  readonly ids: readonly string[];
  /** GetOrders asks for this many orders per call, and each call must stream them all. */
  readonly streamLimit: number;
  readonly label: string;
}

/**
 * One side's round: `concurrency` calls in flight for `durationMs` (after a short warm-up), each
 * latency recorded in perf_hooks' HDR histogram. For GetOrders, one operation is a whole stream.
 */
export async function loadOrderCalls(options: LoadOrderCallsOptions): Promise<OrderCallRound> {
  const { client } = options;
  let calls = 0;
  let errors = 0;
  let messages = 0;
  const acknowledgedIds: string[] = [];
  const call = async (index: number): Promise<void> => {
    calls++;
    try {
      if (options.rpc === 'create') acknowledgedIds.push((await client.createOrder(toBenchOrder(index))).id);
      else if (options.rpc === 'get') await client.getOrder(options.ids[index % options.ids.length]!);
      else {
        let streamed = 0;
        // Many streams at once on a loaded machine can outlast the client's default 10 s deadline.
        for await (const _order of client.getOrders({ limit: options.streamLimit }, { deadlineMs: 120_000 })) {
          streamed++;
          messages++;
        }
        if (streamed !== options.streamLimit) errors++;
      }
    } catch {
      errors++;
    }
  };
  const measured = await measureLoop(
    { name: options.label, durationMs: options.durationMs, concurrency: options.concurrency },
    call,
  );
  return { ...measured, calls, errors, messages, acknowledgedIds };
}
