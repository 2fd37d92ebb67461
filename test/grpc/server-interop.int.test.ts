import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { ordersProtoPath } from '../../src/services/grpc/load-order-service.js';
import { requireTool } from '../helpers/require-tool.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { useGrpcServerLab } from './grpc-server-lab.js';
import { tokens } from './test-tokens.js';

const python = '/usr/bin/python3';
const grpcio = requireTool({
  command: python,
  args: ['-c', 'import grpc, grpc_tools'],
  why: "Python's grpcio and grpc_tools",
  install: 'apt-get install python3-grpcio python3-grpc-tools',
});

const reflectionProto = path.join(
  packageRoot,
  'node_modules/@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto',
);

describe('OrderService: a gRPC client nobody here wrote (Python grpcio)', () => {
  const start = useGrpcServerLab();
  const tempDir = useTempDir('rtlab-grpc-python-');

  it.skipIf(!grpcio.available)(
    'creates and lists orders from stubs that protoc generates from proto/orders.proto, and calls GetOrder knowing only reflection',
    async () => {
      const lab = await start();
      const { stdout } = await promisify(execFile)(
        python,
        [
          path.join(import.meta.dirname, 'python/orders_client.py'),
          lab.target,
          tokens.writer(),
          ordersProtoPath,
          reflectionProto,
          tempDir(),
        ],
        { timeout: 60_000 },
      );
      const seen = JSON.parse(stdout) as {
        created: Array<{ id: string; totalCents: string; status: string; source: string }>;
        listed: string[];
        invalid: { code: string; details: string; hasStatusDetails: boolean };
        manyInvalid: { code: string; details: string; statusDetailsBytes: number };
        withoutToken: string;
        reflection: { services: string[]; methods: string[]; order: { id: string; customerEmail: string } };
      };
      expect(seen.created.map((order) => [order.totalCents, order.status, order.source])).toEqual([
        ['250', 'CREATED', 'GRPC'],
        ['750', 'CREATED', 'GRPC'],
      ]);
      // Newest first.
      expect(seen.listed).toEqual(seen.created.map((order) => order.id).reverse());
      expect(
        await lab.connection.db
          .collection('orders')
          .countDocuments({ customerEmail: 'python@example.com', currency: 'USD' }),
      ).toBe(2);
      expect(seen.invalid).toMatchObject({ code: 'INVALID_ARGUMENT', hasStatusDetails: true });
      expect(seen.invalid.details).toMatch(
        /customer_email must be an email address.*items must contain at least one item/,
      );
      // 100 invalid items still fit grpcio's 8 KB of metadata: the first ones named, then a count.
      expect(seen.manyInvalid).toMatchObject({
        code: 'INVALID_ARGUMENT',
        details: expect.stringMatching(
          /^Invalid request: items\[0\]\.quantity must be greater than 0, got 0; .* and \d+ more invalid fields$/,
        ),
        statusDetailsBytes: expect.any(Number),
      });
      expect(seen.manyInvalid.statusDetailsBytes).toBeGreaterThan(0);
      expect(seen.withoutToken).toBe('UNAUTHENTICATED');
      expect(seen.reflection.services).toEqual(['grpc.health.v1.Health', 'rtlab.orders.v1.OrderService']);
      expect(seen.reflection.methods).toEqual([
        'CreateOrder',
        'GetOrder',
        'UpdateOrderStatus',
        'GetOrders',
        'WatchOrders',
        'ChatOrders',
        'ImportOrders',
      ]);
      expect(seen.reflection.order).toMatchObject({ id: seen.created[0]?.id, customerEmail: 'python@example.com' });
    },
  );
});
