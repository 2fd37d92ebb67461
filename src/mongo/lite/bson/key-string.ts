import type { Binary, BSONRegExp, Decimal128, Long, ObjectId } from 'bson';
import { bsonTypeOf } from './bson-values.js';
import { toDecimal128Key, toDoubleKey, toLongKey } from './number-key.js';

/**
 * A canonical string for a value, for equality lookups in maps (the `_id` map, index entries):
 * equal BSON values (by compareBson) give equal strings, whatever their number type (1, 1.0,
 * Long(1) match, as in mongod), and different values different strings. The first character
 * tells the type; inside arrays and documents every part is length-prefixed, so no string a user
 * stores can spell the end of one element and the start of the next.
 */
export function toKeyString(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return toDoubleKey(value);
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return toLongKey(value);
    default:
      break;
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (value instanceof RegExp) return toRegExpKey(value.source, value.flags);
  if (Array.isArray(value)) return toArrayKey(value);
  const tag = bsonTypeOf(value);
  switch (tag) {
    case 'ObjectId':
      return toObjectIdKey((value as ObjectId).id);
    case 'Int32':
    case 'Double':
      return toDoubleKey((value as { value: number }).value);
    case 'Long':
      return toLongKey((value as Long).toString());
    case 'Decimal128':
      return toDecimal128Key(value as Decimal128);
    case 'BSONSymbol':
      // compareBson orders symbols as strings, equal to the string they spell.
      return `s${String(value)}`;
    case 'BSONRegExp':
      return toRegExpKey((value as BSONRegExp).pattern, (value as BSONRegExp).options);
    case 'Binary': {
      const binary = value as Binary;
      return `x${binary.sub_type}:${Buffer.from(binary.buffer.subarray(0, binary.position)).toString('base64')}`;
    }
    case undefined:
      return toDocumentKey(value as Record<string, unknown>);
    default:
      return `${tag}:${JSON.stringify(value)}`;
  }
}

/**
 * `o` and the id's 12 bytes, one character each. Built in one call, the string is flat: a
 * concatenated one (`o` + hex) is a rope that every `_id` map lookup must walk to hash and compare,
 * the costliest part of an update by `_id` in a large collection.
 */
function toObjectIdKey(b: Uint8Array): string {
  return String.fromCharCode(111, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!, b[8]!, b[9]!, b[10]!, b[11]!);
}

function toArrayKey(array: readonly unknown[]): string {
  let key = 'a[';
  for (const element of array) key += lengthPrefixed(toKeyString(element));
  return `${key}]`;
}

function toDocumentKey(document: Record<string, unknown>): string {
  let key = '{';
  for (const name of Object.keys(document)) key += lengthPrefixed(name) + lengthPrefixed(toKeyString(document[name]));
  return `${key}}`;
}

function toRegExpKey(pattern: string, flags: string): string {
  return `r${lengthPrefixed(pattern)}${[...flags].sort().join('')}`;
}

function lengthPrefixed(part: string): string {
  return `${part.length}:${part}`;
}
