import { UsageError } from '../../errors.js';

/** The statuses an order can be moved to, as the proto names them. */
export const orderStatuses = ['CREATED', 'PAID', 'SHIPPED', 'CANCELLED'] as const;
export type OrderStatusName = (typeof orderStatuses)[number];

export interface ItemFlag {
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/**
 * `--item sku:qty:price[:name]`, the price in currency units (`KB-01:2:49.90`): cents are what
 * travels, but a person types prices as they read them. The name defaults to the SKU.
 */
export function parseItemFlag(text: string): ItemFlag {
  const [sku = '', quantity = '', price = '', ...name] = text.split(':');
  if (sku.trim() === '' || !/^\d+$/.test(quantity) || !/^\d+(\.\d{1,2})?$/.test(price))
    throw new UsageError(`--item ${JSON.stringify(text)} is not sku:quantity:price.`, {
      hint: 'For example --item KB-01:2:49.90 (two at 49.90 each); add :name to name it (--item KB-01:2:49.90:Keyboard).',
    });
  // protobufjs would wrap a quantity past int32 silently (4294967297 is sent as 1).
  if (Number(quantity) > 2 ** 31 - 1)
    throw new UsageError(`--item ${JSON.stringify(text)}: the quantity must be at most 2147483647.`, {
      hint: 'The quantity is an int32 on the wire; the server accepts at most 1,000,000 per item.',
    });
  const [units = '0', cents = ''] = price.split('.');
  // Past 2^53 a number no longer counts cents exactly.
  if (Number(units) * 100 > Number.MAX_SAFE_INTEGER)
    throw new UsageError(`--item ${JSON.stringify(text)}: the price is too large to count in cents exactly.`, {
      hint: 'The server accepts at most 1,000,000,000.00 per item.',
    });
  return {
    sku,
    name: name.join(':') || sku,
    quantity: Number(quantity),
    unitPriceCents: Number(units) * 100 + Number(cents.padEnd(2, '0')),
  };
}

/** `paid` or `PAID` → `PAID`; anything else is a usage error that lists the choices. */
export function parseStatusArgument(text: string): OrderStatusName {
  const status = orderStatuses.find((candidate) => candidate === text.trim().toUpperCase());
  if (status === undefined)
    throw new UsageError(`${JSON.stringify(text)} is not an order status.`, {
      hint: `Use one of ${orderStatuses.join(', ')} (an order moves CREATED → PAID → SHIPPED, or to CANCELLED until it ships).`,
    });
  return status;
}

/** `--target host:port`: where the gRPC server listens (GRPC_TARGET otherwise). */
export function parseTargetFlag(text: string): string {
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(text) || Number(text.slice(text.lastIndexOf(':') + 1)) > 65535)
    throw new UsageError(`--target ${JSON.stringify(text)} is not host:port.`, {
      hint: 'For example --target 127.0.0.1:50051 (the default is GRPC_TARGET).',
    });
  return text;
}

/** `--idempotency-key`: what the server accepts (1 to 255 visible ASCII characters), checked before dialling. */
export function parseIdempotencyKeyFlag(text: string): string {
  if (!/^[\x21-\x7e]{1,255}$/.test(text))
    throw new UsageError(`--idempotency-key ${JSON.stringify(text.slice(0, 60))} is not a usable key.`, {
      hint: 'Use 1 to 255 visible ASCII characters without spaces, a UUID for instance (uuidgen).',
    });
  return text;
}
