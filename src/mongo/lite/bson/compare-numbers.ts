import type { Decimal128 } from 'bson';
import { toNumeric } from './bson-values.js';
import {
  compareExactDecimals,
  parseDecimal128Text,
  toExactDecimal,
  toExactDecimalOfDouble,
  type ExactDecimal,
} from './exact-decimal.js';

/** A BSON number by kind: a double, a 64-bit integer (Long, bigint) or a Decimal128. */
type Numeric = number | bigint | Decimal128;

/**
 * Compares two BSON numbers of any types as mongod does (src/mongo/base/compare_numbers.h): NaN
 * below every number and equal to NaN, 64-bit integers exactly, a Long against a double exactly
 * (not through a double), a Decimal128 against a double rounded to 34 digits.
 */
export function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDoubles(a, b);
  const x = toNumeric(a) ?? 0;
  const y = toNumeric(b) ?? 0;
  if (typeof x === 'number' && typeof y === 'number') return compareDoubles(x, y);
  if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'bigint' && typeof y === 'number') return compareLongToDouble(x, y);
  if (typeof x === 'number' && typeof y === 'bigint') return -compareLongToDouble(y, x);
  return compareDecimalsOrSpecials(toExact(x), toExact(y));
}

function compareDoubles(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  // At least one is NaN: NaN sorts first and equals NaN.
  return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
}

function compareLongToDouble(long: bigint, double: number): number {
  if (Number.isNaN(double)) return 1;
  if (!Number.isFinite(double)) return double > 0 ? -1 : 1;
  if (Number.isInteger(double)) {
    const exact = BigInt(double);
    return long < exact ? -1 : long > exact ? 1 : 0;
  }
  // A fraction lies strictly between two integers: the long is below it iff it is at most the floor.
  return long <= BigInt(Math.floor(double)) ? -1 : 1;
}

/** NaN and ±Infinity stay doubles (mongod equates them across types); everything else is exact. */
function toExact(value: Numeric): ExactDecimal | number {
  if (typeof value === 'number') return Number.isFinite(value) ? toExactDecimalOfDouble(value) : value;
  if (typeof value === 'bigint') return toExactDecimal(value < 0n, value < 0n ? -value : value, 0);
  return parseDecimal128Text(value.toString());
}

function compareDecimalsOrSpecials(a: ExactDecimal | number, b: ExactDecimal | number): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDoubles(a, b);
  if (typeof a === 'number') return Number.isNaN(a) || a < 0 ? -1 : 1;
  if (typeof b === 'number') return Number.isNaN(b) || b < 0 ? 1 : -1;
  return compareExactDecimals(a, b);
}
