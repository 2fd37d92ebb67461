import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { packageRoot } from '../../package-root.js';
import type { ProtoGrpcType } from './generated/orders.js';

/** The lab's gRPC contract, shipped with the package. */
export const ordersProtoPath = path.join(packageRoot, 'proto', 'orders.proto');

/** The fully-qualified service name: what health checks, reflection and grpcurl call it. */
export const orderServiceName = 'rtlab.orders.v1.OrderService';

/**
 * The proto-loader options that match the generated types (`npm run proto:generate`): int64 as
 * strings, enums as their names, defaults filled in, so a handler never meets `undefined` for a
 * field the caller left out.
 */
const loaderOptions = { longs: String, enums: String, defaults: true, oneofs: true, keepCase: false } as const;

export interface LoadedOrderService {
  /** For reflection: what the server lists and describes. */
  readonly definition: PackageDefinition;
  /** `.rtlab.orders.v1.OrderService` is the service definition and the client constructor. */
  readonly proto: ProtoGrpcType;
}

let loaded: LoadedOrderService | undefined;

/** Parses proto/orders.proto once per process, for the server, the client and the bridge alike. */
export function loadOrderService(): LoadedOrderService {
  if (loaded === undefined) {
    const definition = loadSync(ordersProtoPath, loaderOptions);
    loaded = { definition, proto: grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType };
  }
  return loaded;
}
