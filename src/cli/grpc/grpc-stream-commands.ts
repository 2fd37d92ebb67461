import type { Command } from 'commander';
import { toChatMessageJson, toOrderChangeJson, toOrderJson } from '../../services/grpc/client/to-order-json.js';
import type { CliContext } from '../cli-context.js';
import { parseWholeNumberFlag } from '../parse-flags.js';
import { printableJson, toPrintable } from '../to-printable.js';
import { runChat } from './chat-command.js';
import { withGrpcFlags, withOrders, type GrpcFlags } from './connect-orders.js';
import { describeChange, describeOrder, orderTableHeader } from './describe-order.js';
import { runImport } from './import-command.js';
import { parseStatusArgument } from './parse-order-flags.js';

interface ListFlags extends GrpcFlags {
  readonly status?: string;
  readonly customer?: string;
  readonly limit?: string;
}

/** The streaming RPCs: GetOrders, WatchOrders, ChatOrders and ImportOrders. */
export function registerGrpcStreamCommands(grpc: Command, context: CliContext): void {
  withGrpcFlags(
    grpc
      .command('list-orders')
      .description('stream the orders, newest first, printing each as it arrives, then the count')
      .option('--status <status>', 'only orders in this status (CREATED, PAID, SHIPPED, CANCELLED)')
      .option('--customer <email>', "only this customer's orders")
      .option('--limit <n>', "at most this many (default: the server's)"),
  ).action(async (flags: ListFlags, command: Command) => {
    const status = flags.status === undefined ? 'ORDER_STATUS_UNSPECIFIED' : parseStatusArgument(flags.status);
    const limit = flags.limit === undefined ? 0 : parseWholeNumberFlag('--limit', flags.limit, { min: 1, max: 10_000 });
    let count = 0;
    await withOrders(context, command, flags, async (orders) => {
      try {
        const stream = orders.getOrders(
          { status, customerEmail: flags.customer ?? '', limit },
          { signal: context.signal, deadlineMs: 60_000 },
        );
        for await (const order of stream) {
          if (count === 0 && flags.json !== true) context.stdout.write(`${orderTableHeader}\n`);
          count += 1;
          const json = toOrderJson(order);
          context.stdout.write(
            flags.json === true ? `${printableJson(json)}\n` : `${toPrintable(describeOrder(json))}\n`,
          );
        }
        if (flags.json !== true) context.stdout.write(`${count} ${count === 1 ? 'order' : 'orders'}\n`);
      } catch (error) {
        if (count > 0 && flags.json !== true) context.stderr.write(`(stream ended after ${count} orders)\n`);
        throw error;
      }
    });
  });

  withGrpcFlags(
    grpc.command('watch').description('follow every change to any order, from every domain, until Ctrl-C'),
  ).action(async (flags: GrpcFlags, command: Command) => {
    await withOrders(context, command, flags, async (orders, target) => {
      context.stderr.write(`Watching order changes at ${target} (Ctrl-C to stop)\n`);
      for await (const change of orders.watchOrders({ signal: context.signal })) {
        const json = toOrderChangeJson(change);
        context.stdout.write(
          flags.json === true ? `${printableJson(json)}\n` : `${toPrintable(describeChange(json))}\n`,
        );
      }
    });
  });

  withGrpcFlags(
    grpc
      .command('chat')
      .description('talk about an order with everyone chatting on it (interactive; --message for one message)')
      .argument('<orderId>', 'the order to talk about')
      .option('--message <text>', 'send this one message, print what arrives meanwhile, and leave')
      .option('--author <name>', 'who is speaking', process.env['USER'] ?? 'learner'),
  ).action(async (orderId: string, flags: GrpcFlags & { message?: string; author: string }, command: Command) => {
    const print = (message: Parameters<typeof toChatMessageJson>[0]) => {
      const json = toChatMessageJson(message);
      context.stdout.write(
        flags.json === true
          ? `${printableJson(json)}\n`
          : `${toPrintable(`[${json.orderId}] ${json.author}: ${json.text}`)}\n`,
      );
    };
    await withOrders(context, command, flags, async (orders) => {
      await runChat(orders, context, { orderId, author: flags.author, message: flags.message, print });
    });
  });

  withGrpcFlags(
    grpc
      .command('import')
      .description(
        'stream orders in from a JSON Lines file (- for stdin): how many were created, and why each other was not',
      )
      .argument('<file>', 'one CreateOrderRequest as JSON per line, or - to read stdin'),
  ).action(async (file: string, flags: GrpcFlags, command: Command) => {
    await withOrders(context, command, flags, async (orders) => {
      await runImport(orders, context, { file, json: flags.json === true });
    });
  });
}
