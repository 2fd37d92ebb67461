import type { Decimal128, Document, Long } from 'bson';

/** The BSON class of a value, read from its `_bsontype` tag (works across copies of the bson package). */
export function bsonTypeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

export function isPlainDocument(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && bsonTypeOf(value) === undefined && !(value instanceof Date) && !(value instanceof RegExp) && !(value instanceof Uint8Array);
}

/** Any BSON number (plain, Int32, Double, Long, Decimal128) as a JS number; undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
      return (value as { value: number }).value;
    case 'Long':
      return (value as Long).toNumber();
    case 'Decimal128':
      return Number((value as Decimal128).toString());
    default:
      return undefined;
  }
}

export function isNumeric(value: unknown): boolean {
  return toNumber(value) !== undefined;
}
