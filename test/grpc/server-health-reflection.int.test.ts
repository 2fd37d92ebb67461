import path from 'node:path';
import {
  credentials,
  loadPackageDefinition,
  makeClientConstructor,
  status,
  type Client,
  type ClientDuplexStream,
  type ClientReadableStream,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { service as healthService } from 'grpc-health-check';
import { describe, expect, it } from 'vitest';
import { startMongoLite } from '../../src/mongo/lite/server/start-mongo-lite.js';
import { packageRoot } from '../../src/package-root.js';
import { grpcHealth } from '../../src/runtime/readiness/grpc-health.js';
import { checkGrpcHealth } from '../../src/services/grpc/check-grpc-health.js';
import { eventually } from '../helpers/webhook-lab.js';
import { unary } from './grpc-calls.js';
import { bearer, useGrpcServerLab } from './grpc-server-lab.js';
import { orderRequest } from './sample-orders.js';

const orderService = 'rtlab.orders.v1.OrderService';

type HealthWatchClient = Client & {
  watch(request: { service: string }): ClientReadableStream<{ status: string }>;
};

describe('gRPC health and reflection', () => {
  const start = useGrpcServerLab();

  it('health is SERVING, NOT_SERVING while MongoDB is unreachable (calls answer UNAVAILABLE), SERVING again when it is back', async () => {
    const lab = await start({ healthIntervalMs: 100 });
    const health = async (service = '') => {
      const result = await checkGrpcHealth(lab.target, service, 2000);
      return result.ok ? result.status : result.detail;
    };
    expect([await health(), await health(orderService)]).toEqual(['SERVING', 'SERVING']);
    const probe = { service: 'grpc-server', port: lab.server.port };
    expect(await grpcHealth().probe(probe, 2000)).toEqual({ ready: true });
    const client = lab.client();

    await lab.mongo.stop();
    expect(
      await eventually(
        () => health(orderService),
        (now) => now === 'NOT_SERVING',
      ),
    ).toBe('NOT_SERVING');
    expect(await health()).toBe('NOT_SERVING');
    expect(await grpcHealth().probe(probe, 2000)).toMatchObject({ ready: false, detail: 'health says NOT_SERVING' });
    const refused = await unary((done) => client.createOrder(orderRequest(), bearer(), done)).catch(
      (error: ServiceError) => error,
    );
    expect((refused as ServiceError).code).toBe(status.UNAVAILABLE);

    const back = await startMongoLite({ port: lab.mongo.port });
    try {
      expect(
        await eventually(
          () => health(orderService),
          (now) => now === 'SERVING',
          15_000,
        ),
      ).toBe('SERVING');
      await expect(
        eventually(
          () =>
            unary((done) => client.createOrder(orderRequest(), bearer(), done)).then(
              () => 'created',
              () => 'failed',
            ),
          (outcome) => outcome === 'created',
        ),
      ).resolves.toBe('created');
    } finally {
      await lab.server.stop();
      await back.stop();
    }
  });

  it('turns NOT_SERVING when it shuts down: a health watcher hears it', async () => {
    const lab = await start();
    const Health = makeClientConstructor(healthService as unknown as ServiceDefinition, 'Health');
    const watcher = new Health(lab.target, credentials.createInsecure()) as unknown as HealthWatchClient;
    const statuses: string[] = [];
    const stream = watcher.watch({ service: orderService });
    stream.on('data', (reply: { status: string }) => statuses.push(reply.status));
    stream.on('error', () => undefined);
    await eventually(
      () => statuses,
      (all) => all.length === 1,
    );
    await lab.server.stop();
    watcher.close();
    expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
  });

  it('reflection lists OrderService and the health service, and describes OrderService', async () => {
    const lab = await start();
    const definition = loadSync(
      path.join(packageRoot, 'node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto'),
      { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true },
    );
    const reflection = loadPackageDefinition(definition) as unknown as {
      grpc: {
        reflection: {
          v1: {
            ServerReflection: new (
              target: string,
              creds: unknown,
            ) => Client & {
              ServerReflectionInfo(): ClientDuplexStream<Record<string, unknown>, Record<string, unknown>>;
            };
          };
        };
      };
    };
    const client = new reflection.grpc.reflection.v1.ServerReflection(lab.target, credentials.createInsecure());
    const ask = (request: Record<string, unknown>) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const stream = client.ServerReflectionInfo();
        stream.once('data', resolve);
        stream.once('error', reject);
        stream.write(request);
        stream.end();
      });
    const listed = (await ask({ list_services: '' })) as {
      list_services_response: { service: Array<{ name: string }> };
    };
    expect(listed.list_services_response.service.map((entry) => entry.name).sort()).toEqual([
      'grpc.health.v1.Health',
      orderService,
    ]);
    const described = (await ask({ file_containing_symbol: orderService })) as {
      file_descriptor_response: { file_descriptor_proto: Buffer[] };
    };
    // Complete enough for a client to build the schema: protoc's file names, the import, the .proto's field names.
    const files = described.file_descriptor_response.file_descriptor_proto.map((bytes) =>
      descriptor.FileDescriptorProto.decode(bytes),
    ) as unknown as Array<{
      name: string;
      dependency: string[];
      messageType: Array<{ name: string; field: Array<{ name: string }> }>;
    }>;
    const orders = files.find((file) => file.name === 'orders.proto');
    expect(files.map((file) => file.name).sort()).toEqual(['google/protobuf/timestamp.proto', 'orders.proto']);
    expect(orders?.dependency).toEqual(['google/protobuf/timestamp.proto']);
    expect(orders?.messageType.find((message) => message.name === 'Order')?.field.map((field) => field.name)).toContain(
      'customer_email',
    );
    client.close();
  });
});
