import { Metadata, status, type handleServerStreamingCall } from '@grpc/grpc-js';
import type { OrderChange } from '../generated/rtlab/orders/v1/OrderChange.js';
import type { WatchOrdersRequest__Output } from '../generated/rtlab/orders/v1/WatchOrdersRequest.js';
import { loadOrderService } from '../load-order-service.js';
import {
  createBoundedStreamWriter,
  createMessageSizer,
  defaultSlowReaderBound,
  toMiB,
} from './bounded-stream-writer.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { failStream, rpcError } from './rpc-error.js';

/**
 * WatchOrders: every change to any order from now on (webhooks', gRPC's, the bridge's), until the
 * caller cancels. Response headers are sent once the feed is open: a client that waits for them
 * knows that every change it makes afterwards will reach it. A watcher that stays more than
 * `slowReaderBound.maxBytes` behind is dropped with RESOURCE_EXHAUSTED: the server must not hold,
 * for a watcher that stopped reading, every change since.
 */
export function watchOrdersHandler(
  context: GrpcHandlerContext,
): handleServerStreamingCall<WatchOrdersRequest__Output, OrderChange> {
  const bound = context.slowReaderBound ?? defaultSlowReaderBound;
  // Every watcher is written the same change object: it is measured once.
  const sizeOf = createMessageSizer(
    loadOrderService().proto.rtlab.orders.v1.OrderService.service.WatchOrders.responseSerialize,
  );
  return (call) => {
    const writer = createBoundedStreamWriter<OrderChange>(call, {
      bound,
      sizeOf,
      onTooSlow: (waitingBytes) => {
        context.logger.warn('WatchOrders caller too slow; ending its stream', { peer: call.getPeer(), waitingBytes });
        subscription.unsubscribe();
        failStream(
          call,
          rpcError(
            status.RESOURCE_EXHAUSTED,
            `This watcher left more than ${toMiB(bound.maxBytes)} MiB of changes unread for ${bound.graceMs / 1000} s; watch again (and list orders for what it missed)`,
          ),
        );
      },
    });
    const subscription = context.changes.subscribe(
      (change) => writer.write(change),
      // Changes possibly missed: UNAVAILABLE, so that the client re-lists and watches again.
      (reason, kind) => {
        writer.finish();
        failStream(call, rpcError(kind === 'missed' ? status.UNAVAILABLE : status.FAILED_PRECONDITION, reason));
      },
    );
    call.once('cancelled', () => {
      subscription.unsubscribe();
      writer.drop();
    });
    void subscription.opened.then(() => {
      if (!call.cancelled) call.sendMetadata(new Metadata());
    });
  };
}
