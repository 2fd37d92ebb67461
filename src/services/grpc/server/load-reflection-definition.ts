import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { ordersProtoPath } from '../load-order-service.js';
import { readLeadingString, stringField } from './protobuf-wire.js';

/**
 * The file descriptors proto-loader derives name each file after its package
 * (`rtlab_orders_v1.proto`, `google_protobuf.proto`) and list no imports, so a client that builds
 * the schema from reflection (grpcurl, Python's descriptor pool) fails on the orders file's
 * reference to google.protobuf.Timestamp (grpcurl issue #459). These are the names protoc gives
 * them and the import the file has. FileDescriptorProto: `name` = 1 (the last one read wins),
 * `dependency` = 3 (repeated: appending adds one).
 */
const fixes: Readonly<Record<string, { name: string; dependencies: readonly string[] }>> = {
  'rtlab_orders_v1.proto': { name: 'orders.proto', dependencies: ['google/protobuf/timestamp.proto'] },
  'google_protobuf.proto': { name: 'google/protobuf/timestamp.proto', dependencies: [] },
  'grpc_health_v1.proto': { name: 'grpc/health/v1/health.proto', dependencies: [] },
};

function fixFile(file: Buffer): Buffer {
  const fix = fixes[readLeadingString(file, 1) ?? ''];
  if (fix === undefined) return file;
  return Buffer.concat([file, stringField(1, fix.name), ...fix.dependencies.map((name) => stringField(3, name))]);
}

/**
 * What reflection describes: OrderService with its field names as the .proto writes them
 * (`customer_email`: the handlers' definition is camelCased for JavaScript) and the health
 * service, so that both are listed.
 */
export function loadReflectionDefinition(): PackageDefinition {
  const options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
  const merged: PackageDefinition = { ...loadSync(ordersProtoPath, options), ...loadSync(healthProtoPath, options) };
  return Object.fromEntries(
    Object.entries(merged).map(([name, entry]) => {
      const files = (entry as { fileDescriptorProtos?: unknown }).fileDescriptorProtos;
      return [
        name,
        Array.isArray(files) ? { ...entry, fileDescriptorProtos: files.map((file: Buffer) => fixFile(file)) } : entry,
      ];
    }),
  ) as PackageDefinition;
}
