import type { Decimal128 } from 'bson';
import { compareExactDecimals, parseDecimal128Text, toExactDecimalOfDouble } from './exact-decimal.js';

/**
 * Key strings for numbers, equal exactly when compareNumbers finds the values equal, whatever the
 * number types: integers below 10^21 as their plain digits (`n42`, `n1152921504606846976`, shared by
 * doubles, Longs and Decimal128s), other doubles as JavaScript prints them (`n0.5`, `n1e+300`;
 * distinct doubles print distinctly) and Decimal128s that equal no double as `nd<digits>e<exponent>`.
 */
export function toDoubleKey(value: number): string {
  // The hot path: small integers, and -0 prints as 0.
  if (Number.isSafeInteger(value)) return `n${value}`;
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return `n${BigInt(value)}`;
  return `n${value}`;
}

export function toLongKey(value: bigint | string): string {
  return `n${value}`;
}

export function toDecimal128Key(value: Decimal128): string {
  const text = value.toString();
  const exact = parseDecimal128Text(text);
  if (typeof exact === 'number') return toDoubleKey(exact);
  const sign = exact.negative ? '-' : '';
  if (exact.exponent >= 0 && exact.coefficient.toString().length + exact.exponent <= 21) {
    return exact.coefficient === 0n ? 'n0' : `n${sign}${exact.coefficient}${'0'.repeat(exact.exponent)}`;
  }
  // mongod equates a double with the Decimal128 it rounds to; only the nearest double can round to this one.
  const nearest = Number(text);
  if (Number.isFinite(nearest) && compareExactDecimals(toExactDecimalOfDouble(nearest), exact) === 0)
    return toDoubleKey(nearest);
  return `nd${sign}${exact.coefficient}e${exact.exponent}`;
}
