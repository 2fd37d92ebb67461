import { createInterface } from 'node:readline';
import type { OrderClient } from '../../services/grpc/client/create-order-client.js';
import type { OrderChatMessage__Output } from '../../services/grpc/generated/rtlab/orders/v1/OrderChatMessage.js';
import type { CliContext } from '../cli-context.js';
import { toPrintable } from '../to-printable.js';

export interface RunChatOptions {
  readonly orderId: string;
  readonly author: string;
  /** Send this one message and leave; otherwise every line typed (or piped) is a message. */
  readonly message?: string;
  readonly print: (message: OrderChatMessage__Output) => void;
}

/**
 * One ChatOrders stream: prints every message that arrives on the order while it is open. With a
 * message, sends it and half-closes; otherwise sends each line of stdin (a prompt only on a
 * terminal) until EOF or Ctrl-C. Resolves when the server has ended the call; throws its failure.
 */
export async function runChat(orders: OrderClient, context: CliContext, options: RunChatOptions): Promise<void> {
  const chat = orders.chatOrders({ signal: context.signal });
  const interactive = options.message === undefined && process.stdin.isTTY === true;
  let print = options.print;
  // Settles with the call's failure (never rejects): a refusal while the user is typing ends the chat.
  const reading = (async () => {
    try {
      for await (const message of chat.messages) print(message);
      return undefined;
    } catch (error) {
      return error;
    }
  })();
  const send = (text: string) => chat.send({ orderId: options.orderId, author: options.author, text });
  if (options.message !== undefined) {
    send(options.message);
  } else {
    // An empty text joins the order's conversation: what others say arrives before one speaks.
    send('');
    if (interactive)
      context.stderr.write(
        `${toPrintable(`Chatting about ${options.orderId} as ${options.author}. Type a message and press Enter; Ctrl-D or Ctrl-C to leave.`)}\n`,
      );
    const lines = createInterface({
      input: process.stdin,
      ...(interactive ? { output: context.stderr, prompt: '> ' } : {}),
    });
    if (interactive) {
      // A message that arrives while one is typing goes above the prompt, which is drawn again with what was typed.
      print = (message) => {
        context.stderr.write('\r\u001b[K');
        options.print(message);
        lines.prompt(true);
      };
      lines.prompt();
    }
    lines.on('line', (line) => {
      if (line.trim() !== '') send(line);
      if (interactive) lines.prompt();
    });
    await Promise.race([
      new Promise<void>((resolve) => {
        lines.once('close', resolve);
        context.signal.addEventListener('abort', () => resolve(), { once: true });
      }),
      reading,
    ]);
    lines.close();
  }
  chat.end();
  const readFailure = await reading;
  if (readFailure !== undefined) throw readFailure;
  const failure = await chat.finished;
  if (failure !== undefined) throw failure;
}
