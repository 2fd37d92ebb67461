import type { listedOrderFields } from '../../../mongo/order-listing.js';
import { BsonElementReader, bsonType, toNames } from './bson-element-reader.js';
import { maxTimestampMs } from './find-unsendable-order-reason.js';
import { ProtobufWriter } from './protobuf-writer.js';

/**
 * A stored order's BSON bytes → an `Order` message's protobuf bytes, field by field, without
 * building the document, the proto object or protobufjs's message in between: what GetOrders
 * streams, where that decoding and re-encoding was most of the server's cost per message. It
 * says what `toProtoOrder` says (the one mapping, order-mapping.ts): cents as `Math.round(amount
 * * 100)`, enum numbers by name, Timestamps from dates, strings copied as the UTF-8 they are.
 * Undefined for any document it cannot say the same of (a field of another BSON type than the
 * lab stores, a negative amount, an invalid UTF-8 string…): the caller maps that one the general way.
 */
export function encodeListedOrder(bson: Buffer): Buffer | undefined {
  const writer = new ProtobufWriter();
  const reader = new BsonElementReader(bson);
  let required = 0;
  while (reader.next()) {
    const index = reader.keyIn(orderKeys);
    if (index < 0) continue;
    const field = orderFields[index]!;
    if (field === itemsField) {
      if (reader.type !== bsonType.array || !encodeItems(reader.nested(), writer)) return undefined;
    } else if (!encodeOrderField(field, reader, writer)) return undefined;
    if (field === itemsField || field === 4 || field === 8 || field === 9) required++;
  }
  // Without items, total and both dates, toProtoOrder fails or says NaN: such a document is left to it.
  return reader.failed || required !== 4 ? undefined : writer.finish();
}

const itemsField = 3;
/** Each listed field, and its number in `Order` (proto/orders.proto). */
const fieldNumbers: Readonly<Record<(typeof listedOrderFields)[number], number>> = {
  orderId: 1,
  customerEmail: 2,
  items: itemsField,
  total: 4,
  currency: 5,
  status: 6,
  source: 7,
  createdAt: 8,
  updatedAt: 9,
  customerName: 10,
};
const orderKeys = toNames(Object.keys(fieldNumbers));
const orderFields = Object.values(fieldNumbers);
const itemKeys = toNames(['sku', 'name', 'quantity', 'unitPrice']);
/** The stored names of OrderStatus 1… and OrderSource 1… (order-mapping.ts). */
const statusNames = toNames(['created', 'paid', 'shipped', 'cancelled']);
const sourceNames = toNames(['grpc', 'webhook', 'http', 'cli']);

function encodeOrderField(field: number, reader: BsonElementReader, writer: ProtobufWriter): boolean {
  switch (field) {
    case 4:
      return encodeCents(field, reader, writer);
    case 6:
    case 7: {
      if (reader.type !== bsonType.string) return false;
      // An unknown name is left out: ORDER_STATUS_UNSPECIFIED, as toProtoOrder says it (0).
      const number = reader.stringIn(field === 6 ? statusNames : sourceNames) + 1;
      if (number !== 0) writer.varintField(field, number);
      return true;
    }
    case 8:
    case 9: {
      if (reader.type !== bsonType.date) return false;
      const ms = reader.int64();
      // Past year 9999 is no Timestamp: left to the general way, which refuses it.
      if (!Number.isSafeInteger(ms) || ms < 0 || ms > maxTimestampMs) return false;
      const seconds = Math.floor(ms / 1000);
      const at = writer.beginMessage(field);
      writer.varintField(1, seconds);
      writer.varintField(2, (ms - seconds * 1000) * 1_000_000);
      writer.endMessage(at);
      return true;
    }
    default:
      return encodeString(field, reader, writer);
  }
}

function encodeItems(items: BsonElementReader, writer: ProtobufWriter): boolean {
  while (items.next()) {
    if (items.type !== bsonType.document) return false;
    const fields = items.nested();
    const at = writer.beginMessage(itemsField);
    let required = 0;
    while (fields.next()) {
      const index = fields.keyIn(itemKeys);
      if (index >= 2) required++;
      const ok =
        index < 0
          ? true
          : index < 2
            ? encodeString(index + 1, fields, writer)
            : index === 2
              ? encodeQuantity(fields, writer)
              : encodeCents(4, fields, writer);
      if (!ok) return false;
    }
    if (fields.failed || required !== 2) return false;
    writer.endMessage(at);
  }
  return !items.failed;
}

function encodeString(field: number, reader: BsonElementReader, writer: ProtobufWriter): boolean {
  return (
    reader.type === bsonType.string &&
    reader.copyString((source, start, end) => {
      if (end > start) writer.bytesField(field, source, start, end);
    })
  );
}

/** int32 `quantity`: only a whole number in range is said the same way (protobufjs truncates the rest). */
function encodeQuantity(reader: BsonElementReader, writer: ProtobufWriter): boolean {
  const value = reader.number();
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > 0x7fffffff) return false;
  if (value !== 0) writer.varintField(3, value);
  return true;
}

/** An amount as int64 cents (toCents): only non-negative safe integers are encoded here. */
function encodeCents(field: number, reader: BsonElementReader, writer: ProtobufWriter): boolean {
  const amount = reader.number();
  if (amount === undefined) return false;
  const cents = Math.round(amount * 100);
  if (!Number.isSafeInteger(cents) || cents < 0) return false;
  if (cents !== 0) writer.varintField(field, cents);
  return true;
}
