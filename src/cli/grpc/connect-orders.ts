import type { Command } from 'commander';
import { createOrderClient, type OrderClient } from '../../services/grpc/client/create-order-client.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseTargetFlag } from './parse-order-flags.js';
import { reportCallFailure } from './report-call-failure.js';

/** The flags every `rtlab grpc` command takes. */
export interface GrpcFlags {
  readonly target?: string;
  readonly token?: string;
  readonly json?: boolean;
}

export interface ConnectedOrders {
  readonly orders: OrderClient;
  readonly target: string;
}

/** Adds --target, --token and --json to a `rtlab grpc` command. */
export function withGrpcFlags(command: Command): Command {
  return command
    .option('--target <host:port>', 'the gRPC server (default GRPC_TARGET, 127.0.0.1:50051)')
    .option('--token <jwt>', 'send this bearer token (default: one minted from JWT_SECRET, valid 5 minutes)')
    .option('--json', 'print JSON (one object per line for streams); a failure as { code, name, details }');
}

/**
 * A client for the lab's OrderService: `--target` or GRPC_TARGET, `--token` or a token minted
 * from JWT_SECRET (read only then, so a given token needs no .env secret). Nothing is dialled
 * until the first call.
 */
function connectOrders(context: CliContext, command: Command, flags: GrpcFlags): ConnectedOrders {
  const target = flags.target === undefined ? undefined : parseTargetFlag(flags.target);
  const config = loadCliConfig(context, command.optsWithGlobals<GlobalOptions>());
  const resolved = target ?? config.grpcTarget;
  const orders = createOrderClient({
    target: resolved,
    auth: flags.token === undefined ? { secret: config.jwtSecret, subject: 'rtlab-cli' } : { token: flags.token },
  });
  return { orders, target: resolved };
}

/**
 * Runs a command's calls with a connected client, closed afterwards; a failed call is reported
 * as every `rtlab grpc` command reports it (see reportCallFailure).
 */
export async function withOrders(
  context: CliContext,
  command: Command,
  flags: GrpcFlags,
  work: (orders: OrderClient, target: string) => Promise<void>,
): Promise<void> {
  const { orders, target } = connectOrders(context, command, flags);
  try {
    await work(orders, target);
  } catch (error) {
    reportCallFailure(error, context, { json: flags.json, target });
  } finally {
    orders.close();
  }
}
