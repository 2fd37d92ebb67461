import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { OrderChatMessage, OrderChatMessage__Output } from '../generated/rtlab/orders/v1/OrderChatMessage.js';
import { callStatus, toOrderCallError, type OrderCallError } from './order-call-error.js';

/** One ChatOrders stream: send messages, and hear every message on the orders it has written about. */
export interface OrderChat {
  send(message: Pick<OrderChatMessage, 'orderId' | 'author' | 'text'>): void;
  /** Stop sending; the server ends the call once it has answered what was sent. */
  end(): void;
  /** The messages the server delivers, until the call ends; OrderCallError when it fails. */
  readonly messages: AsyncIterable<OrderChatMessage__Output>;
  /** Resolves when the call is over: undefined when it ended well or was cancelled by `signal`. */
  readonly finished: Promise<OrderCallError | undefined>;
}

export function openOrderChat(
  call: ClientDuplexStream<OrderChatMessage, OrderChatMessage__Output>,
  signal: AbortSignal,
): OrderChat {
  const cancel = () => call.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  const finished = new Promise<OrderCallError | undefined>((resolve) => {
    call.once('status', (status: { code: number }) => {
      if (status.code === 0 || (status.code === callStatus.cancelled && signal.aborted)) resolve(undefined);
    });
    call.once('error', (error: unknown) => {
      const failure = toOrderCallError(error);
      resolve(failure.code === callStatus.cancelled && signal.aborted ? undefined : failure);
    });
  });
  void finished.then(() => signal.removeEventListener('abort', cancel));
  return {
    send: (message) => void call.write(message),
    end: () => void call.end(),
    messages: (async function* () {
      try {
        for await (const message of call) yield message as OrderChatMessage__Output;
      } catch (error) {
        const failure = toOrderCallError(error);
        if (failure.code === callStatus.cancelled && signal.aborted) return;
        throw failure;
      }
    })(),
    finished,
  };
}
