import { status, type handleClientStreamingCall } from '@grpc/grpc-js';
import type { CreateOrderRequest__Output } from '../generated/rtlab/orders/v1/CreateOrderRequest.js';
import type { ImportOrdersResponse } from '../generated/rtlab/orders/v1/ImportOrdersResponse.js';
import type { Rejection } from '../generated/rtlab/orders/v1/Rejection.js';
import { readOrderSource } from '../order-source-metadata.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { describeViolations, listViolations } from './list-violations.js';
import { rpcError, toRpcError } from './rpc-error.js';
import { validateCreateOrder } from './validate-create-order.js';
import { writeNewOrder } from './write-new-order.js';

/**
 * Orders being written at once: enough for the write batcher to group them into few round
 * trips, and a bound on memory: past it the stream is paused, so a fast client waits (HTTP/2 flow
 * control) instead of the server buffering its whole file.
 */
const maxInFlight = 256;

/**
 * Rejections listed in the answer (`rejected` counts them all), each naming at most 500 bytes of
 * violations: a stream of bad orders must not grow the server's memory, and the answer stays
 * near 0.6 MB, under every client's 4 MiB message limit (1,000 orders of 100 bad items each
 * would otherwise answer 19.5 MB, which no client receives).
 */
const maxListedRejections = 1000;
const maxReasonBytes = 500;

/**
 * ImportOrders: each streamed request is validated and stored as CreateOrder would (with its
 * notification); an invalid one is rejected with its position and first invalid field, and the
 * import goes on. The answer comes once the client half-closes and every write is done. Nothing
 * is written after the caller cancels; a MongoDB failure ends the import with UNAVAILABLE (the
 * orders stored until then stay).
 */
export function importOrdersHandler(
  context: GrpcHandlerContext,
): handleClientStreamingCall<CreateOrderRequest__Output, ImportOrdersResponse> {
  return (call, callback) => {
    const source = readOrderSource(call.metadata);
    const rejections: Rejection[] = [];
    let rejected = 0;
    const writes = new Set<Promise<void>>();
    let created = 0;
    let index = 0;
    let failure: unknown;

    call.on('data', (request: CreateOrderRequest__Output) => {
      const position = index++;
      const validation = validateCreateOrder(request);
      if (!validation.ok) {
        rejected += 1;
        const [first] = validation.violations;
        if (rejections.length < maxListedRejections)
          rejections.push({
            index: position,
            field: first?.field ?? '',
            reason: describeViolations(listViolations(validation.violations, maxReasonBytes)),
          });
        return;
      }
      if (failure !== undefined) return;
      const write = writeNewOrder(context, validation.order, {
        source,
        idempotencyKey: undefined,
        stillWanted: () => !call.cancelled && failure === undefined,
      })
        .then((result) => {
          if (result.kind === 'created') created += 1;
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          writes.delete(write);
          if (writes.size < maxInFlight / 2) call.resume();
        });
      writes.add(write);
      if (writes.size >= maxInFlight) call.pause();
    });

    call.on('end', () => {
      void Promise.all(writes).then(() => {
        if (call.cancelled) return;
        if (failure !== undefined) {
          context.logger.error('ImportOrders failed', { created, error: (failure as Error).message });
          const answer = toRpcError(failure);
          callback({ ...answer, details: `${answer.details} (${created} orders were created before the failure)` });
          return;
        }
        // Validation is synchronous: rejections are listed in the order the client sent them.
        context.logger.info('ImportOrders finished', { created, rejected });
        callback(null, { created, rejected, rejections });
      });
    });
    call.once('cancelled', () => {
      failure ??= rpcError(status.CANCELLED, 'cancelled');
    });
  };
}
