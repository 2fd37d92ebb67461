import { status, type handleBidiStreamingCall } from '@grpc/grpc-js';
import { insertOrderChatMessage } from '../../../mongo/order-chat-store.js';
import { findOrder } from '../../../mongo/order-store.js';
import type { OrderChatMessage, OrderChatMessage__Output } from '../generated/rtlab/orders/v1/OrderChatMessage.js';
import { toTimestamp } from '../order-mapping.js';
import { loadOrderService } from '../load-order-service.js';
import {
  createBoundedStreamWriter,
  createMessageSizer,
  defaultSlowReaderBound,
  toMiB,
} from './bounded-stream-writer.js';
import type { GrpcHandlerContext } from './grpc-handler-context.js';
import { failStream, invalidArgument, rpcError, toRpcError, type RpcError } from './rpc-error.js';
import { identifierSchema, visibleTextWithout } from '../../visible-text-schema.js';
import { toFieldViolations } from './to-field-violations.js';
import { validateOrderId } from './validate-order-id.js';

const maxTextLength = 2000;
/** Messages of one stream held while earlier ones are stored, as ImportOrders holds orders. */
const maxPendingMessages = 32;
const maxAuthorLength = 100;

/**
 * ChatOrders: each message is checked, stored in `order_chat_messages`, then delivered to every
 * stream open on its order, the sender's included (its copy carries the server's `sent_at`: the
 * proof it was stored). A message with an empty text joins the order's conversation without
 * saying anything, so a participant hears others before speaking. Messages of one stream are
 * handled one after another, in the order sent; one that is invalid or names an unknown order
 * ends the stream with INVALID_ARGUMENT or NOT_FOUND. A sender faster than MongoDB is held by
 * flow control: past 32 messages waiting to be stored, the call stops reading. A participant that
 * stays more than `slowReaderBound.maxBytes` of deliveries behind is dropped with RESOURCE_EXHAUSTED.
 */
export function chatOrdersHandler(
  context: GrpcHandlerContext,
): handleBidiStreamingCall<OrderChatMessage__Output, OrderChatMessage> {
  const bound = context.slowReaderBound ?? defaultSlowReaderBound;
  // A room delivers the same message object to each of its streams: it is measured once.
  const sizeOf = createMessageSizer(
    loadOrderService().proto.rtlab.orders.v1.OrderService.service.ChatOrders.responseSerialize,
  );
  return (call) => {
    const writer = createBoundedStreamWriter<OrderChatMessage>(call, {
      bound,
      sizeOf,
      onTooSlow: (waitingBytes) => {
        context.logger.warn('ChatOrders participant too slow; ending its stream', {
          peer: call.getPeer(),
          waitingBytes,
        });
        finish(
          rpcError(
            status.RESOURCE_EXHAUSTED,
            `This participant left more than ${toMiB(bound.maxBytes)} MiB of messages unread for ${bound.graceMs / 1000} s; chat again`,
          ),
        );
      },
    });
    const deliver = (message: OrderChatMessage) => {
      if (!call.cancelled && call.writable) writer.write(message);
    };
    const knownOrders = new Set<string>();
    let ended = false;
    let queue = Promise.resolve();
    /** Messages received and not yet stored: past `maxPendingMessages` the call stops reading, so HTTP/2 flow control holds the sender. */
    let pending = 0;
    const finish = (failure?: RpcError) => {
      if (ended) return;
      ended = true;
      context.chatRooms.leave(deliver);
      if (call.cancelled) return writer.drop();
      // What was delivered to this stream goes before its end.
      writer.finish();
      if (failure === undefined) call.end();
      else failStream(call, failure);
    };

    const handle = async (message: OrderChatMessage__Output) => {
      const problem = validateChatMessage(message);
      if (problem !== undefined) return finish(problem);
      if (!knownOrders.has(message.orderId)) {
        if ((await findOrder(context.db, message.orderId)) === null)
          return finish(rpcError(status.NOT_FOUND, `Order ${message.orderId} does not exist`));
        knownOrders.add(message.orderId);
      }
      context.chatRooms.join(message.orderId, deliver);
      if (message.text === '' || call.cancelled) return;
      const sentAt = context.now();
      const author = message.author.trim();
      await insertOrderChatMessage(context.db, { orderId: message.orderId, author, text: message.text, sentAt });
      context.chatRooms.deliver(message.orderId, {
        orderId: message.orderId,
        author,
        text: message.text,
        sentAt: toTimestamp(sentAt),
      });
    };

    call.on('data', (message: OrderChatMessage__Output) => {
      pending += 1;
      if (pending >= maxPendingMessages) call.pause();
      queue = queue
        .then(() => (ended ? undefined : handle(message)))
        .catch((error: unknown) => finish(toRpcError(error)))
        .finally(() => {
          pending -= 1;
          if (pending === maxPendingMessages / 2) call.resume();
        });
    });
    call.on('end', () => {
      queue = queue.then(() => finish());
    });
    call.once('cancelled', () => finish());
  };
}

/**
 * Refused inside a text as the ws chat refuses them: control characters other than tab and
 * newline are commands to whoever displays the text (a terminal, a log viewer), never writing.
 */
const textSchema = visibleTextWithout(/(?![\t\n])\p{Cc}/u, 'text', maxTextLength, false);
const authorSchema = identifierSchema('author', maxAuthorLength);

function validateChatMessage(message: OrderChatMessage__Output): RpcError | undefined {
  const invalidId = validateOrderId(message.orderId, 'order_id');
  if (invalidId !== undefined) return invalidId;
  // An empty text joins the conversation: there is nothing else to check.
  if (message.text === '') return undefined;
  const violations = [
    ...toFieldViolations('text', textSchema.safeParse(message.text)),
    ...toFieldViolations('author', authorSchema.safeParse(message.author)),
  ];
  return violations.length === 0 ? undefined : invalidArgument(violations);
}
