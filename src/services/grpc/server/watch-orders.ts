import { Metadata, status, type handleServerStreamingCall } from '@grpc/grpc-js';
import type { OrderChange } from '../generated/rtlab/orders/v1/OrderChange.js';
import type { WatchOrdersRequest__Output } from '../generated/rtlab/orders/v1/WatchOrdersRequest.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { failStream, rpcError } from './rpc-error.js';

/**
 * How many changes may wait for a slow watcher before it is dropped: a watcher that cannot keep
 * up must not make the server hold every change since it stopped reading.
 */
const maxBufferedChanges = 10_000;

/**
 * WatchOrders: every change to any order from now on (webhooks', gRPC's, the bridge's), until the
 * caller cancels. Response headers are sent once the feed is open: a client that waits for them
 * knows that every change it makes afterwards will reach it.
 */
export function watchOrdersHandler(
  context: GrpcHandlerContext,
): handleServerStreamingCall<WatchOrdersRequest__Output, OrderChange> {
  return (call) => {
    const subscription = context.changes.subscribe(
      (change) => {
        if (call.writableLength >= maxBufferedChanges) {
          context.logger.warn('WatchOrders caller too slow; ending its stream', { peer: call.getPeer() });
          subscription.unsubscribe();
          failStream(
            call,
            rpcError(
              status.RESOURCE_EXHAUSTED,
              `More than ${maxBufferedChanges} changes waited for this watcher; watch again`,
            ),
          );
          return;
        }
        call.write(change);
      },
      // Changes possibly missed: UNAVAILABLE, so that the client re-lists and watches again.
      (reason, kind) =>
        failStream(call, rpcError(kind === 'missed' ? status.UNAVAILABLE : status.FAILED_PRECONDITION, reason)),
    );
    call.once('cancelled', () => subscription.unsubscribe());
    void subscription.opened.then(() => {
      if (!call.cancelled) call.sendMetadata(new Metadata());
    });
  };
}
