import type { OrderClient } from '../../services/grpc/client/create-order-client.js';
import { parseOrderRequest } from '../../services/grpc/client/parse-order-request.js';
import type { OrderChatMessage__Output } from '../../services/grpc/generated/rtlab/orders/v1/OrderChatMessage.js';
import { describe, findMismatch } from '../match/match-subset.js';
import type { GrpcAction } from '../schema/action-schema.js';
import type { ActionResult } from './action-result.js';

/** A streamed request or a ChatOrders script that did not go as written: the step fails with what came instead. */
export class StreamScriptError extends Error {}

/** ImportOrders: streams the requests in order; the result is the server's summary. */
export async function importOrders(
  client: OrderClient,
  action: GrpcAction,
  signal: AbortSignal,
): Promise<ActionResult> {
  const requests = (action.requests ?? []).map((request, index) => {
    const parsed = parseOrderRequest(request);
    if (!parsed.ok)
      throw new StreamScriptError(
        `grpc ImportOrders request ${index + 1}: ${parsed.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
      );
    return parsed.request;
  });
  let sent = 0;
  const response = await client.importOrders(requests, { signal, onSent: (count) => (sent = count) });
  return { response, sent };
}

/**
 * ChatOrders: runs the script on one stream, line by line: `send` writes a message, `receive`
 * waits for the next message the server delivers (the sender's own copies included, as the
 * server echoes them) and checks it against the subset. Then it ends its side and keeps what
 * else arrives before the server ends the call.
 */
export async function chatOrders(client: OrderClient, action: GrpcAction, signal: AbortSignal): Promise<ActionResult> {
  const stop = new AbortController();
  const chat = client.chatOrders({ signal: AbortSignal.any([signal, stop.signal]) });
  const incoming = chat.messages[Symbol.asyncIterator]();
  const responses: unknown[] = [];
  try {
    for (const [index, line] of (action.script ?? []).entries()) {
      if (line.send !== undefined) {
        chat.send(line.send);
        continue;
      }
      const next = await incoming.next();
      if (next.done === true) {
        const failure = await chat.finished;
        if (failure !== undefined) throw failure;
        throw new StreamScriptError(
          `ChatOrders ended after ${responses.length} message(s); script line ${index + 1} expected ${describe(line.receive)}`,
        );
      }
      const message = toChatJson(next.value);
      responses.push(message);
      const mismatch = findMismatch(line.receive, message);
      if (mismatch !== undefined)
        throw new StreamScriptError(
          `ChatOrders message ${responses.length} (script line ${index + 1}): ${mismatch}; received ${describe(message)}`,
        );
    }
    chat.end();
    for (let next = await incoming.next(); next.done !== true; next = await incoming.next())
      responses.push(toChatJson(next.value));
    const failure = await chat.finished;
    if (failure !== undefined) throw failure;
    return { responses, count: responses.length };
  } finally {
    stop.abort();
  }
}

function toChatJson(message: OrderChatMessage__Output): Record<string, unknown> {
  const seconds = Number(message.sentAt?.seconds ?? 0);
  const sentAt =
    message.sentAt === null ? undefined : new Date(seconds * 1000 + Math.floor((message.sentAt.nanos ?? 0) / 1e6));
  return { orderId: message.orderId, author: message.author, text: message.text, sentAt: sentAt?.toISOString() };
}
