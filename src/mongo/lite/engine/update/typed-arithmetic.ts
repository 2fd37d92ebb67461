import { Decimal128, Double, Int32, Long } from 'bson';
import { bsonTypeOf, toNumber } from '../../bson/bson-values.js';

type NumberKind = 'int' | 'long' | 'double' | 'decimal';

/** The BSON number kind of a value; plain JS numbers count as int when whole, else double. */
export function numberKind(value: unknown): NumberKind | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 'int' : 'double';
  switch (bsonTypeOf(value)) {
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Double':
      return 'double';
    case 'Decimal128':
      return 'decimal';
    default:
      return undefined;
  }
}

const rank: Record<NumberKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

/**
 * `$inc` and `$mul` with mongod's type rules: the wider of the two kinds wins, and int32
 * arithmetic that overflows becomes int64.
 */
export function combineNumbers(current: unknown, operand: unknown, operation: 'add' | 'multiply'): unknown {
  const a = numberKind(current) ?? 'int';
  const b = numberKind(operand)!;
  const kind = rank[a] >= rank[b] ? a : b;
  if (kind === 'int' || kind === 'long') {
    const x = toBigInt(current);
    const y = toBigInt(operand);
    const result = operation === 'add' ? x + y : x * y;
    if (kind === 'int' && result >= -(2n ** 31n) && result < 2n ** 31n) return new Int32(Number(result));
    return Long.fromBigInt(result);
  }
  const x = toNumber(current) ?? 0;
  const y = toNumber(operand) ?? 0;
  const result = operation === 'add' ? x + y : x * y;
  return kind === 'decimal' ? Decimal128.fromString(String(result)) : new Double(result);
}

/** Zero of the operand's kind: `$mul` on a missing field stores it. */
export function zeroLike(operand: unknown): unknown {
  switch (numberKind(operand)) {
    case 'long':
      return Long.fromNumber(0);
    case 'double':
      return new Double(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return new Int32(0);
  }
}

function toBigInt(value: unknown): bigint {
  if (value === undefined) return 0n;
  if (bsonTypeOf(value) === 'Long') return (value as Long).toBigInt();
  return BigInt(Math.trunc(toNumber(value) ?? 0));
}
