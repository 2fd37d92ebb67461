import type { Command } from 'commander';
import { toOrderJson } from '../../services/grpc/client/to-order-json.js';
import type { CliContext } from '../cli-context.js';
import { printableJson, toPrintable } from '../to-printable.js';
import { withGrpcFlags, withOrders, type GrpcFlags } from './connect-orders.js';
import { describeOrder, orderTableHeader } from './describe-order.js';
import { registerGrpcStreamCommands } from './grpc-stream-commands.js';
import { parseIdempotencyKeyFlag, parseItemFlag, parseStatusArgument, type ItemFlag } from './parse-order-flags.js';
import { buildSampleOrder } from './sample-order.js';

interface CreateFlags extends GrpcFlags {
  readonly email?: string;
  readonly name?: string;
  readonly item: ItemFlag[];
  readonly currency: string;
  readonly idempotencyKey?: string;
}

const grpcHelp = `
Every command dials GRPC_TARGET (or --target) with a token minted from JWT_SECRET (or --token).
A failed call prints its status (✗ NOT_FOUND: …), the invalid fields and a hint, and exits 1;
with --json it prints { code, name, details, violations } instead. Exit 2: a bad flag or setting.

Examples:
  rtlab grpc create-order                                  a realistic order (the seed's grpc-client)
  rtlab grpc create-order --email ana@example.com --item KB-01:2:49.90
  rtlab grpc create-order --idempotency-key 5f0c…            again with the same key: the same order, not a new one
  rtlab grpc get-order ord_…
  rtlab grpc update-status ord_… paid
  rtlab grpc list-orders --status CREATED --limit 20
  rtlab grpc watch
  rtlab grpc chat ord_… --message "¿Cuándo llega?"
  rtlab grpc import orders.jsonl`;

export function registerGrpcCommand(program: Command, context: CliContext): void {
  const grpc = program
    .command('grpc')
    .description("call the lab's gRPC OrderService: unary, server streaming, client streaming and bidirectional")
    .addHelpText('after', grpcHelp);

  withGrpcFlags(
    grpc
      .command('create-order')
      .description("create an order (with no flags, a realistic one: what the seed's grpc-client container does)")
      .option('--email <email>', "the customer's email (default: a sample customer)")
      .option('--name <name>', "the customer's name (default: the part of the email before @)")
      .option('--item <sku:qty:price>', 'an item, price in currency units; repeat for more', collectItem, [])
      .option('--currency <code>', 'ISO 4217 currency', 'USD')
      .option(
        '--idempotency-key <key>',
        'run again with the same key (and flags) to get the order the first run created, never a second one (default: a new key)',
        parseIdempotencyKeyFlag,
      ),
  ).action(async (flags: CreateFlags, command: Command) => {
    const sample =
      flags.email === undefined || flags.item.length === 0 ? buildSampleOrder(flags.idempotencyKey) : undefined;
    await withOrders(context, command, flags, async (orders) => {
      const order = toOrderJson(
        await orders.createOrder(
          {
            customerEmail: flags.email ?? sample!.customerEmail,
            customerName: flags.name ?? (flags.email === undefined ? sample!.customerName : ''),
            currency: flags.currency,
            items: flags.item.length > 0 ? flags.item : sample!.items,
          },
          { idempotencyKey: flags.idempotencyKey },
        ),
      );
      context.stdout.write(
        flags.json === true ? `${printableJson(order)}\n` : `Order created via CLI: ${printableJson(order)}\n`,
      );
    });
  });

  withGrpcFlags(
    grpc.command('get-order').description('show one order, from any domain').argument('<id>', 'the order id (ord_…)'),
  ).action(async (id: string, flags: GrpcFlags, command: Command) => {
    await withOrders(context, command, flags, async (orders) => {
      const order = toOrderJson(await orders.getOrder(id));
      context.stdout.write(
        flags.json === true
          ? `${printableJson(order, 2)}\n`
          : `${orderTableHeader}\n${toPrintable(describeOrder(order))}\n`,
      );
    });
  });

  withGrpcFlags(
    grpc
      .command('update-status')
      .description('move an order along CREATED → PAID → SHIPPED, or to CANCELLED until it ships')
      .argument('<id>', 'the order id (ord_…)')
      .argument('<status>', 'PAID, SHIPPED or CANCELLED (any case)'),
  ).action(async (id: string, statusText: string, flags: GrpcFlags, command: Command) => {
    const status = parseStatusArgument(statusText);
    await withOrders(context, command, flags, async (orders) => {
      const order = toOrderJson(await orders.updateOrderStatus(id, status));
      context.stdout.write(
        flags.json === true ? `${printableJson(order)}\n` : `✓ ${toPrintable(order.id)} is now ${order.status}\n`,
      );
    });
  });

  registerGrpcStreamCommands(grpc, context);
}

function collectItem(text: string, items: ItemFlag[]): ItemFlag[] {
  return [...items, parseItemFlag(text)];
}
