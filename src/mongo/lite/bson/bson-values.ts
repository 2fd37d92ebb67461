import type { Decimal128, Document, Long } from 'bson';

/** The BSON class of a value, read from its `_bsontype` tag (works across copies of the bson package). */
export function bsonTypeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

export function isPlainDocument(value: unknown): value is Document {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    bsonTypeOf(value) === undefined &&
    !(value instanceof Date) &&
    !(value instanceof RegExp) &&
    !(value instanceof Uint8Array)
  );
}

/** Any BSON number by kind: a double (plain, Int32, Double), a 64-bit integer (Long, bigint) or a Decimal128; undefined otherwise. */
export function toNumeric(value: unknown): number | bigint | Decimal128 | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
      return (value as { value: number }).value;
    case 'Long':
      return (value as Long).toBigInt();
    case 'Decimal128':
      return value as Decimal128;
    default:
      return undefined;
  }
}

/** Any BSON number (plain, Int32, Double, Long, Decimal128) as a JS number; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  const numeric = toNumeric(value);
  if (numeric === undefined || typeof numeric === 'number') return numeric;
  return Number(typeof numeric === 'bigint' ? numeric : numeric.toString());
}

export function isNumeric(value: unknown): boolean {
  return toNumber(value) !== undefined;
}
