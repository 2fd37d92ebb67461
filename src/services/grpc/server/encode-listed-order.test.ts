import { BSON, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { loadOrderService } from '../load-order-service.js';
import { toProtoOrder } from '../order-mapping.js';
import { encodeListedOrder } from './encode-listed-order.js';
import { toOrderMessage } from './encoded-order-messages.js';

const getOrders = loadOrderService().proto.rtlab.orders.v1.OrderService.service.GetOrders;
const at = new Date('2026-03-01T12:34:56.789Z');
const order = {
  _id: new ObjectId(),
  orderId: 'ord_0123456789ab',
  customerEmail: 'ana@example.com',
  customerName: 'Ana',
  items: [
    { sku: 'KB-MECH-01', name: 'Mechanical keyboard', quantity: 1, unitPrice: 89 },
    { sku: 'CB-CAT6-3M', name: 'Ethernet cable, 3 m', quantity: 2, unitPrice: 19.99 },
  ],
  total: 128.98,
  currency: 'USD',
  status: 'paid',
  source: 'webhook',
  createdAt: at,
  updatedAt: new Date(at.getTime() + 1500),
  history: [{ status: 'created', at, source: 'webhook', eventId: 'evt_1' }],
  outboxPending: true,
  idempotencyKey: 'key-1',
};

/** What a client decodes from the bytes, next to what it decodes from toProtoOrder's object. */
function decodeBoth(document: Record<string, unknown>) {
  const encoded = encodeListedOrder(Buffer.from(BSON.serialize(document)));
  const expected = getOrders.responseDeserialize(getOrders.responseSerialize(toProtoOrder(document as never)));
  return { encoded: encoded === undefined ? undefined : getOrders.responseDeserialize(encoded), expected };
}

describe('encodeListedOrder', () => {
  it.each([
    ['a webhook order with cents that are not exact in binary', order],
    [
      'a gRPC order with no customer name and an item of price 0',
      {
        ...order,
        customerName: '',
        source: 'grpc',
        items: [{ sku: 'A', name: 'Free', quantity: 3, unitPrice: 0 }],
        total: 0,
      },
    ],
    [
      'text outside ASCII',
      { ...order, customerName: 'Zoë 日本 🚀', items: [{ sku: 'ÑU-1', name: 'Café ☕', quantity: 1, unitPrice: 1.1 }] },
    ],
    ['amounts past 32 bits and an unknown status', { ...order, status: 'lost', total: 9_876_543_210.12 }],
    [
      'nested messages longer than 127 bytes (two-byte lengths)',
      {
        ...order,
        items: Array.from({ length: 60 }, (_, index) => ({
          sku: `SKU-${index}`,
          name: 'x'.repeat(index * 7),
          quantity: index + 1,
          unitPrice: index * 1.05,
        })),
      },
    ],
    [
      'amounts stored as int32 and int64',
      { ...order, total: 12, items: [{ sku: 'A', name: 'B', quantity: 2, unitPrice: BSON.Long.fromNumber(6) }] },
    ],
    ['a date before a whole second', { ...order, createdAt: new Date(999), updatedAt: new Date(0) }],
  ])('says what toProtoOrder says: %s', (_name, document) => {
    const { encoded, expected } = decodeBoth(document as Record<string, unknown>);
    expect(encoded).toEqual(expected);
  });

  it.each([
    ['a negative price', { ...order, items: [{ sku: 'A', name: 'B', quantity: 1, unitPrice: -1 }] }],
    ['a fractional quantity', { ...order, items: [{ sku: 'A', name: 'B', quantity: 2.5, unitPrice: 1 }] }],
    ['a quantity stored as text', { ...order, items: [{ sku: 'A', name: 'B', quantity: '2', unitPrice: 1 }] }],
    ['a missing total', { ...order, total: undefined }],
    ['a missing date', { ...order, updatedAt: undefined }],
    ['an item without a price', { ...order, items: [{ sku: 'A', name: 'B', quantity: 1 }] }],
    ['a status that is not text', { ...order, status: 3 }],
    ['a name of another BSON type', { ...order, customerName: 42 }],
  ])('leaves a document to toProtoOrder: %s', (_name, document) => {
    expect(encodeListedOrder(Buffer.from(BSON.serialize(document)))).toBeUndefined();
  });

  it('leaves truncated or malformed bytes to toProtoOrder', () => {
    const bytes = Buffer.from(BSON.serialize(order));
    expect(encodeListedOrder(bytes.subarray(0, 40))).toBeUndefined();
    const lying = Buffer.from(bytes);
    lying.writeInt32LE(bytes.length + 100, 0);
    expect(encodeListedOrder(lying)).toBeUndefined();
    const invalidUtf8 = Buffer.from(bytes);
    const name = invalidUtf8.indexOf('Ana');
    invalidUtf8[name] = 0xff;
    expect(encodeListedOrder(invalidUtf8)).toBeUndefined();
  });

  it('a document it leaves is streamed as toProtoOrder maps it, and one it encodes as its bytes', () => {
    const negative = { ...order, items: [{ sku: 'A', name: 'B', quantity: 1, unitPrice: -1.5 }], total: -1.5 };
    const left = toOrderMessage(Buffer.from(BSON.serialize(negative)));
    expect(Buffer.isBuffer(left)).toBe(false);
    expect(getOrders.responseDeserialize(getOrders.responseSerialize(left as Exclude<typeof left, Buffer>))).toEqual(
      decodeBoth(negative).expected,
    );
    expect(Buffer.isBuffer(toOrderMessage(Buffer.from(BSON.serialize(order))))).toBe(true);
  });
});
