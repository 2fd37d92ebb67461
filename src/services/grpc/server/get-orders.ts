import { once } from 'node:events';
import { type handleServerStreamingCall, type ServerWritableStream } from '@grpc/grpc-js';
import { identifyListedOrder, openOrderListing, type OrderListing } from '../../../mongo/order-listing.js';
import type { GetOrdersRequest__Output } from '../generated/rtlab/orders/v1/GetOrdersRequest.js';
import type { Order } from '../generated/rtlab/orders/v1/Order.js';
import { toStoredStatus } from '../order-mapping.js';
import { toSendableOrderMessage, type OrderMessage } from './encoded-order-messages.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { failStream, invalidArgument, toRpcError } from './rpc-error.js';
import { whenCallGivesUp } from './when-call-gives-up.js';

/** `limit: 0` asks for this many; more than the maximum is refused rather than cut silently. */
const defaultLimit = 100;
const maxLimit = 100_000;

/** Its messages are written encoded (see withEncodedOrderMessages). */
type GetOrdersCall = ServerWritableStream<GetOrdersRequest__Output, OrderMessage>;

/**
 * GetOrders: the matching orders streamed from one MongoDB cursor, each encoded straight from the
 * BSON MongoDB sent (encode-listed-order.ts). A write that fills the
 * transport's buffer (`write` returns false) waits for 'drain' before the next write, so memory
 * stays bounded by a cursor batch (1,000 orders at most) whatever the client's pace; a caller that cancels (or whose
 * deadline passes) stops the reads and the cursor is closed on the server.
 */
export function getOrdersHandler(
  context: GrpcHandlerContext,
): handleServerStreamingCall<GetOrdersRequest__Output, Order> {
  return (call) => {
    const { request } = call;
    const to = toStoredStatus(request.status);
    if (request.status !== 'ORDER_STATUS_UNSPECIFIED' && to === undefined) {
      failStream(call, invalidArgument([{ field: 'status', description: 'is not a known OrderStatus' }]));
      return;
    }
    if (request.limit < 0 || request.limit > maxLimit) {
      failStream(
        call,
        invalidArgument([{ field: 'limit', description: `must be 0 (default ${defaultLimit}) to ${maxLimit}` }]),
      );
      return;
    }
    const customerEmail = request.customerEmail.trim();
    const listing = openOrderListing(context.db, {
      ...(to === undefined ? {} : { status: to }),
      ...(customerEmail === '' ? {} : { customerEmail }),
      limit: request.limit === 0 ? defaultLimit : request.limit,
    });
    streamListing(call as GetOrdersCall, listing, context).then(
      (sent) => {
        if (sent === undefined) return;
        context.logger.info('GetOrders streaming response', sent);
        call.end();
      },
      (error: unknown) => {
        context.logger.error('GetOrders failed', { error: (error as Error).message });
        if (!call.cancelled) failStream(call, toRpcError(error));
      },
    );
  };
}

/**
 * Writes every order the listing yields; how many were sent and skipped, or undefined when the
 * caller went away first. An order with no sendable message is skipped with one warning naming
 * it. A batch already fetched is written without a promise per order: awaits happen only for
 * the next batch and for 'drain'.
 */
async function streamListing(
  call: GetOrdersCall,
  listing: OrderListing,
  context: GrpcHandlerContext,
): Promise<{ count: number; skipped: number } | undefined> {
  const { gaveUp, dispose } = whenCallGivesUp(call);
  let count = 0;
  let skipped = 0;
  try {
    for (;;) {
      const first = await Promise.race([listing.next(), gaveUp]);
      if (first === 'gave up') return undefined;
      if (first === null) return { count, skipped };
      for (const order of [first, ...listing.takeBuffered()]) {
        if (call.cancelled) return undefined;
        const message = toSendableOrderMessage(order);
        if ('reason' in message) {
          skipped += 1;
          context.logger.warn('GetOrders skipped a stored order it cannot send', {
            ...identifyListedOrder(order),
            reason: message.reason,
          });
          continue;
        }
        count += 1;
        if (!call.write(message.bytes) && (await Promise.race([once(call, 'drain'), gaveUp])) === 'gave up')
          return undefined;
      }
    }
  } finally {
    dispose();
    await listing.close();
  }
}
