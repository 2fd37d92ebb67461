import type { ClientReadableStream, ClientWritableStream } from '@grpc/grpc-js';
import { callStatus, toOrderCallError } from './order-call-error.js';

/**
 * A server stream as an async iterable. Aborting `signal` cancels the call (the server stops and
 * releases its cursor) and ends the iteration quietly; any other end than OK throws an
 * OrderCallError. Breaking out of a `for await` cancels the call too.
 */
export async function* readOrderStream<T>(
  start: () => ClientReadableStream<T>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const aborted = () => signal?.aborted === true;
  if (aborted()) return;
  const call = start();
  const cancel = () => call.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for await (const item of call) yield item as T;
  } catch (error) {
    const failure = toOrderCallError(error);
    if (failure.code === callStatus.cancelled && aborted()) return;
    throw failure;
  } finally {
    signal?.removeEventListener('abort', cancel);
    // A consumer that stopped early: the server should not keep streaming to no one.
    call.cancel();
  }
}

/**
 * Writes every request into a client stream, waiting for 'drain' when grpc-js buffers (so a large
 * import file is never all in memory), then half-closes it so the server answers.
 */
export async function streamRequests<T>(
  stream: ClientWritableStream<T>,
  requests: AsyncIterable<T> | Iterable<T>,
  onSent: ((count: number) => void) | undefined,
): Promise<void> {
  let sent = 0;
  let ended = false;
  // The call can end early (deadline, refusal): stop writing then; the callback reports why.
  const markEnded = () => (ended = true);
  stream.once('status', markEnded);
  stream.once('error', markEnded);
  try {
    for await (const request of requests) {
      if (ended) return;
      if (!stream.write(request)) {
        await new Promise<void>((resolve) => {
          const resume = () => {
            stream.off('drain', resume);
            stream.off('status', resume);
            resolve();
          };
          stream.on('drain', resume);
          stream.on('status', resume);
        });
      }
      sent += 1;
      onSent?.(sent);
    }
    if (!ended) stream.end();
  } finally {
    stream.off('status', markEnded);
  }
}
