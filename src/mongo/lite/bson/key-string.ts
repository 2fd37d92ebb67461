import type { Binary, ObjectId } from 'bson';
import { bsonTypeOf, toNumber } from './bson-values.js';

/**
 * A canonical string for a value, for equality lookups in maps (the `_id` map, index entries):
 * equal BSON values give equal strings, whatever their number type (1, 1.0, Long(1) match, as
 * in mongod), and different values different strings.
 */
export function toKeyString(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${Object.is(value, -0) ? 0 : value}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return `n${Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()}`;
    default:
      break;
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof RegExp) return `r${value.source}/${value.flags}`;
  if (Array.isArray(value)) return `a[${value.map(toKeyString).join(',')}]`;
  const tag = bsonTypeOf(value);
  switch (tag) {
    case 'ObjectId':
      return `o${(value as ObjectId).toHexString()}`;
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return toKeyString(toNumber(value));
    case 'Long': {
      const long = value as { toBigInt(): bigint };
      return toKeyString(long.toBigInt());
    }
    case 'Binary': {
      const binary = value as Binary;
      return `x${binary.sub_type}:${Buffer.from(binary.buffer.subarray(0, binary.position)).toString('base64')}`;
    }
    case undefined:
      return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toKeyString(v)}`).join(',')}}`;
    default:
      return `${tag}:${JSON.stringify(value)}`;
  }
}
